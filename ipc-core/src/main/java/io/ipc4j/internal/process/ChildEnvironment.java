package io.ipc4j.internal.process;

import io.ipc4j.IpcException;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a coordinator passes to a child in its environment (never on its command line,
 * where other users could read the key): how to dial back and authenticate, and how to
 * reach the coordinators of the other contexts whose handles this process can use, so
 * that those handles work in the child and, passed on the same way, in its descendants;
 * and whether the child is a spare, which waits for a target and so may ready itself first.
 */
public final class ChildEnvironment {
    static final String PREFIX = "IPC4J__";
    private static final String OTHERS = PREFIX + "REACH";
    private static final String SPARE = PREFIX + "SPARE";

    private final CoordinatorReach parent;
    private final String token;
    private final long parentPid;
    private final List<CoordinatorReach> others;
    private final boolean spare;

    private ChildEnvironment(CoordinatorReach parent, String token, long parentPid, List<CoordinatorReach> others,
            boolean spare) {
        this.parent = parent;
        this.token = token;
        this.parentPid = parentPid;
        this.others = List.copyOf(others);
        this.spare = spare;
    }

    /** The same, for a spare child: one started before it has a target. */
    public ChildEnvironment asSpare() {
        return new ChildEnvironment(parent, token, parentPid, others, true);
    }

    /** Whether the child is a spare, started before it has a target. */
    boolean spare() {
        return spare;
    }

    /**
     * For a child of {@code link}'s context started by this process: that context, and
     * every other context this process has a link to now.
     */
    public static ChildEnvironment forChild(CoordinatorLink link, String token) {
        List<CoordinatorReach> others = new ArrayList<>();
        for (CoordinatorLink other : ProcessRuntime.get().links()) {
            if (!other.contextId().equals(link.contextId())) {
                others.add(CoordinatorReach.of(other));
            }
        }
        return new ChildEnvironment(CoordinatorReach.of(link), token, ProcessHandle.current().pid(), others, false);
    }

    String contextId() {
        return parent.contextId();
    }

    String token() {
        return token;
    }

    long parentPid() {
        return parentPid;
    }

    Path socketDir() {
        return parent.socketDir();
    }

    /** The contexts whose coordinators the child can reach, its parent's first. */
    Set<String> contextIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(parent.contextId());
        others.forEach(r -> ids.add(r.contextId()));
        return ids;
    }

    Map<String, String> toEnvironment() {
        Map<String, String> env = new HashMap<>();
        parent.toEnvironment(PREFIX, env);
        env.put(PREFIX + "TOKEN", token);
        env.put(PREFIX + "PARENT_PID", String.valueOf(parentPid));
        env.put(OTHERS, String.valueOf(others.size()));
        if (spare) {
            env.put(SPARE, "1");
        }
        for (int i = 0; i < others.size(); i++) {
            others.get(i).toEnvironment(OTHERS + (i + 1) + "_", env);
        }
        return env;
    }

    static ChildEnvironment fromEnvironment() {
        try {
            return fromEnvironment(System.getenv());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ChildEnvironment.class).error("this JVM was not started by an ipc4j coordinator: {}",
                    e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    static ChildEnvironment fromEnvironment(Map<String, String> env) {
        CoordinatorReach.Vars vars = new CoordinatorReach.Vars(PREFIX, env);
        try {
            List<CoordinatorReach> others = new ArrayList<>();
            int count = Integer.parseInt(vars.need("REACH"));
            for (int i = 1; i <= count; i++) {
                others.add(CoordinatorReach.fromEnvironment(OTHERS + i + "_", env));
            }
            return new ChildEnvironment(CoordinatorReach.fromEnvironment(PREFIX, env), vars.need("TOKEN"),
                    Long.parseLong(vars.need("PARENT_PID")), others, "1".equals(env.get(SPARE)));
        } catch (NumberFormatException e) {
            throw new IpcException("malformed ipc4j environment variable: " + e.getMessage(), e);
        }
    }

    /** The link to the parent's coordinator. */
    CoordinatorLink link(Consumer<Throwable> onLost) {
        // this process's Listeners and Clients (a manager's channels) speak TLS as its coordinator does, or not
        io.ipc4j.spi.TlsStores.claim(parent.tls(), "tcp".equals(parent.channel()));
        return parent.link(onLost);
    }

    /** Links, connecting on first use, to the other contexts' coordinators. */
    List<CoordinatorLink> otherLinks() {
        List<CoordinatorLink> links = new ArrayList<>();
        for (CoordinatorReach r : others) {
            links.add(r.link(null));
        }
        return links;
    }
}
