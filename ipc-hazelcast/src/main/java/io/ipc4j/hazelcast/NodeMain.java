package io.ipc4j.hazelcast;

import io.ipc4j.IpcException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ipc4j node executable ({@code java -jar ipc4j-node.jar}): a Hazelcast member that
 * starts ipc4j children on this machine for the coordinators of its cluster.
 *
 * <pre>
 * java -jar ipc4j-node.jar --bind HOST:PORT --join HOST:PORT,... --authkey-file FILE [--cache-dir DIR]
 * </pre>
 *
 * {@code --bind} is the interface and port of this node's Hazelcast member (its ipc4j
 * channel listens on the same interface, on a port the system chooses); {@code --join} the
 * members to find the cluster by (this node's own address may be among them), or
 * {@code kubernetes:SERVICE[:PORT]}, the DNS name of a headless Kubernetes service whose pods
 * are the members;
 * {@code --authkey-file} the key shared with the coordinators (mode 0600);
 * {@code --cache-dir} where the coordinators' jars are kept (default
 * {@code ~/.cache/ipc4j/jars}). Exits 2 on bad arguments.
 */
public final class NodeMain {
    static {
        // Before the first logger: Hazelcast logs through SLF4J, and only what an operator needs.
        setIfAbsent("hazelcast.logging.type", "slf4j");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.com.hazelcast.internal.cluster", "info");
    }

    private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);
    private static final String USAGE = "usage: java -jar ipc4j-node.jar --bind HOST:PORT --join HOST:PORT,...|kubernetes:SERVICE[:PORT] "
            + "--authkey-file FILE [--cache-dir DIR]";

    private NodeMain() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        String bind = null;
        String join = null;
        String keyFile = null;
        String cacheDir = Path.of(System.getProperty("user.home"), ".cache", "ipc4j", "jars").toString();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bind" -> bind = value;
                case "--join" -> join = value;
                case "--authkey-file" -> keyFile = value;
                case "--cache-dir" -> cacheDir = value;
                default -> exitWithUsage("unknown option " + args[i]);
            }
            if (value == null) {
                exitWithUsage("option " + args[i] + " needs a value");
            }
            i++;
        }
        if (bind == null || join == null || keyFile == null) {
            exitWithUsage("--bind, --join and --authkey-file are required");
        }
        HazelcastSetup.HostPort bindAt;
        List<HazelcastSetup.HostPort> joinAt;
        try {
            bindAt = HazelcastSetup.HostPort.parse(bind, HazelcastSetup.DEFAULT_PORT, "--bind");
            joinAt = HazelcastSetup.HostPort.parseList(join, "--join");
        } catch (IllegalArgumentException e) {
            exitWithUsage(e.getMessage());
            return;
        }
        byte[] key = AuthKeyFile.read(Path.of(keyFile), "--authkey-file");
        SessionDirs.sweepDead(Path.of(System.getProperty("java.io.tmpdir")));
        Node node;
        try {
            // -Dipc4j.cluster.lostAfterSeconds or IPC4J_CLUSTER_LOSTAFTERSECONDS, as for a coordinator
            int lostAfter = io.ipc4j.Config.load(Map.of()).getPositiveInt(io.ipc4j.Config.CLUSTER_LOST_AFTER_SECONDS);
            node = new Node(key, bindAt, joinAt, Path.of(cacheDir), lostAfter);
        } catch (IpcException e) {
            LOG.error("cannot start the node: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "ipc4j-node-shutdown"));
        // One line a script (or a test) can wait for.
        System.out.println("ipc4j node ready: hazelcast " + node.hazelcastAddress() + ", channel " + node.channel()
                + ", in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        System.out.flush();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static void exitWithUsage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
