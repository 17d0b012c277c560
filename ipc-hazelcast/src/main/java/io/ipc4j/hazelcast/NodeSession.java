package io.ipc4j.hazelcast;

import io.ipc4j.Connection;
import io.ipc4j.spi.RemoteLaunch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One coordinator's authenticated connection to a node: it launches that coordinator's
 * children here and reports their ends. When the connection ends (the coordinator closed,
 * died, or left the cluster), every child it started here is killed.
 */
final class NodeSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

    private final Connection connection;
    private final JarCache jars;
    private final String bindHost;
    private final Map<Long, NodeMessages.Launch> pending = new ConcurrentHashMap<>();
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private volatile String coordinatorMember;

    NodeSession(Connection connection, JarCache jars, String bindHost) {
        this.connection = connection;
        this.jars = jars;
        this.bindHost = bindHost;
    }

    String coordinatorMember() {
        return coordinatorMember;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Object m = connection.recv();
                if (m instanceof NodeMessages.Hello h) {
                    coordinatorMember = h.coordinatorMember();
                } else if (m instanceof NodeMessages.Launch l) {
                    pending.put(l.id(), l);
                    ArrayList<String> missing = new ArrayList<>();
                    for (String sha : l.jars()) {
                        if (!jars.has(sha) && !missing.contains(sha)) {
                            missing.add(sha);
                        }
                    }
                    send(new NodeMessages.Need(l.id(), missing));
                } else if (m instanceof NodeMessages.Jar j) {
                    jars.store(j.sha256(), j.bytes());
                } else if (m instanceof NodeMessages.Go g) {
                    start(pending.remove(g.id()));
                } else if (m instanceof NodeMessages.Signal s) {
                    Process p = children.get(s.id());
                    if (p != null) {
                        if (s.kill()) {
                            p.destroyForcibly();
                        } else {
                            p.destroy();
                        }
                    }
                } else {
                    LOG.warn("unexpected message from coordinator {}: {}", coordinatorMember, m.getClass().getName());
                }
            }
        } catch (RuntimeException | IOException e) {
            LOG.info("coordinator {} went ({}); killing its {} children here", coordinatorMember, e.getMessage(),
                    children.size());
        } finally {
            end();
        }
    }

    /** Kills this coordinator's children and closes the connection. */
    void end() {
        children.values().forEach(Process::destroyForcibly);
        connection.close();
    }

    private void start(NodeMessages.Launch l) throws IOException {
        if (l == null) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int feature = Runtime.version().feature();
        if (feature >= 21) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(l.jvmOptions());
        List<String> classPath = new ArrayList<>();
        for (String sha : l.jars()) {
            classPath.add(jars.path(sha).toString());
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(l.mainClass());
        Path socketDir = SessionDirs.create();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeIf(k -> k.startsWith("IPC4J"));
        pb.environment().putAll(RemoteLaunch.environmentOn(l.environment(), bindHost, socketDir,
                ProcessHandle.current().pid()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            SessionDirs.delete(socketDir);
            send(new NodeMessages.Failed(l.id(), "cannot start a JVM for process " + l.name() + " on " + bindHost + ": "
                    + e.getMessage()));
            return;
        }
        children.put(l.id(), p);
        LOG.info("started process {} (pid {}) for coordinator {}", l.name(), p.pid(), coordinatorMember);
        send(new NodeMessages.Started(l.id(), p.pid()));
        List<Thread> pumps = List.of(pump(l, p.getInputStream(), false), pump(l, p.getErrorStream(), true));
        p.onExit().thenRun(() -> {
            children.remove(l.id());
            for (Thread t : pumps) {
                try {
                    t.join(2000); // its last lines go before its end
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            SessionDirs.delete(socketDir);
            try {
                send(new NodeMessages.Exited(l.id(), p.exitValue()));
            } catch (RuntimeException coordinatorGone) {
                // the session ends and says so
            }
        });
    }

    /** Sends what the child writes to the coordinator, whole lines at a time (a partial last one at the end). */
    private Thread pump(NodeMessages.Launch l, InputStream from, boolean err) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
            try (from) {
                int n;
                while ((n = from.read(buf)) > 0) {
                    int lastNewline = n - 1;
                    while (lastNewline >= 0 && buf[lastNewline] != '\n') {
                        lastNewline--;
                    }
                    partial.write(buf, 0, lastNewline + 1);
                    if (lastNewline >= 0) {
                        sendOutput(l.id(), err, partial);
                    }
                    partial.write(buf, lastNewline + 1, n - lastNewline - 1);
                }
            } catch (IOException | RuntimeException gone) {
                // the child or the coordinator is gone
            }
            sendOutput(l.id(), err, partial);
        }, "ipc4j-node-output-" + l.id());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void sendOutput(long id, boolean err, java.io.ByteArrayOutputStream lines) {
        if (lines.size() > 0) {
            try {
                send(new NodeMessages.Output(id, err, lines.toByteArray()));
            } finally {
                lines.reset();
            }
        }
    }

    private void send(Object message) {
        synchronized (connection) {
            connection.send(message);
        }
    }
}
