package io.ipc4j.internal.process;

import io.ipc4j.IpcException;
import io.ipc4j.ProcessInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this JVM knows about itself: its name and parent, and the links to the
 * coordinators whose handles it uses, by context id. Handles that arrive in a process
 * find their coordinator here.
 */
public final class ProcessRuntime {
    private static final ProcessRuntime INSTANCE = new ProcessRuntime();

    private final Map<String, CoordinatorLink> links = new ConcurrentHashMap<>();
    private volatile ProcessInfo current = new ProcessInfo("MainProcess", ProcessHandle.current().pid());
    private volatile ProcessInfo parent;
    private volatile String parentContextId;
    private volatile boolean exiting;

    private ProcessRuntime() {
    }

    public static ProcessRuntime get() {
        return INSTANCE;
    }

    public ProcessInfo current() {
        return current;
    }

    public Optional<ProcessInfo> parent() {
        return Optional.ofNullable(parent);
    }

    void becomeChild(String name, ProcessInfo parent, String contextId) {
        this.current = new ProcessInfo(name, ProcessHandle.current().pid());
        this.parent = parent;
        this.parentContextId = contextId;
    }

    /** In a child: the id of the context that started it. */
    public Optional<String> parentContextId() {
        return Optional.ofNullable(parentContextId);
    }

    public void register(CoordinatorLink link) {
        links.put(link.contextId(), link);
    }

    public void unregister(CoordinatorLink link) {
        links.remove(link.contextId(), link);
    }

    /** The links this process has now, one per context. */
    public List<CoordinatorLink> links() {
        return List.copyOf(links.values());
    }

    /** The contexts this process has links to now. */
    public Set<String> contextIds() {
        return Set.copyOf(links.keySet());
    }

    /** The link to the coordinator of {@code contextId}. @throws IpcException if none is known here */
    public CoordinatorLink link(String contextId) {
        CoordinatorLink link = links.get(contextId);
        if (link == null) {
            throw new IpcException("this handle belongs to context " + contextId + ", which process "
                    + current.name() + " (pid " + current.pid() + ") cannot reach: that context is closed, or this "
                    + "process was not started, directly or through others, by one that could reach it. A handle "
                    + "works in the process whose context made it and in the processes started from there while "
                    + "the context is open (children, grandchildren...), not in another process it reached "
                    + "through a queue or a pipe");
        }
        return link;
    }

    boolean exiting() {
        return exiting;
    }

    /**
     * In a child: whether the link to the coordinator that started it was lost, not closed at
     * its exit. Such a child is about to end (see {@code ChildMain}); a call of its that failed
     * meanwhile failed for that, not for what the call was about.
     */
    public boolean cutOffFromParent() {
        String id = parentContextId;
        CoordinatorLink link = id == null ? null : links.get(id);
        return !exiting && link != null && link.isLost();
    }

    /** At a child's exit: deliver what it put and sent, give back what it fetched, close its links. */
    void shutdown() {
        exiting = true;
        List<CoordinatorLink> all = new ArrayList<>(links.values());
        for (CoordinatorLink link : all) {
            link.close();
        }
    }
}
