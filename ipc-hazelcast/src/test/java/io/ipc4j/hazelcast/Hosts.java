package io.ipc4j.hazelcast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Hosts" on this machine for the cluster tests: network namespaces joined by veth links to
 * a bridge in the root namespace, which holds {@link #COORDINATOR}. Each node runs in its own
 * network namespace and mount namespace, with a private {@code /dev/shm} and {@code /tmp}, so
 * that nothing can pass through shared memory or a Unix socket by accident. What the nodes
 * read (keys, stores, their jar caches) is kept under {@code target/}. Needs root and {@code ip} (iproute2).
 *
 * <p>Namespaces and links are named {@code ipc4jt*}: those left by a run that crashed are
 * removed when a new one starts, and {@link #close()} removes its own even after a failure.
 */
final class Hosts implements AutoCloseable {
    static final String COORDINATOR = "10.231.0.1";
    private static final String BRIDGE = "ipc4jtbr";
    private static final String PREFIX = "ipc4jt";
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path NODE_JAR = TARGET.resolve("ipc4j-node.jar");
    /**
     * A node's own {@code /dev/shm} and {@code /tmp}. When the build itself lies under
     * {@code /tmp} (a clone there), its {@code target} directory, which holds the node jar,
     * keys and caches, is mounted again at the same path over the node's empty {@code /tmp}.
     */
    private static final String PRIVATE_MOUNTS = "mount -t tmpfs -o size=64m ipc4jt-shm /dev/shm"
            + " && case \"$IPC4JT_TARGET\" in"
            + " /tmp/*) mount --bind \"$IPC4JT_TARGET\" /mnt && mount -t tmpfs -o size=256m ipc4jt-tmp /tmp"
            + " && mkdir -p \"$IPC4JT_TARGET\" && mount --bind /mnt \"$IPC4JT_TARGET\" ;;"
            + " *) mount -t tmpfs -o size=256m ipc4jt-tmp /tmp ;; esac";
    private static final Pattern READY = Pattern.compile("ipc4j node ready: .* channel (tcp:\\S+), in (\\d+) ms");

    /** A node JVM on one host. */
    static final class Node {
        final String host;
        final Process process;
        final Path log;
        String channel;
        long startMillis;

        Node(String host, Process process, Path log) {
            this.host = host;
            this.process = process;
            this.log = log;
        }

        String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private final Path dir;
    private final int count;
    private final List<Node> nodes = new ArrayList<>();

    /** Makes {@code count} hosts, 10.231.0.2 and on, after removing any left by an earlier run. */
    Hosts(int count) throws IOException, InterruptedException {
        this.count = count;
        removeStale();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        this.dir = Files.createTempDirectory(target, "ipc4j-hosts-");
        try {
            ip("link add " + BRIDGE + " type bridge");
            ip("addr add " + COORDINATOR + "/24 dev " + BRIDGE);
            ip("link set " + BRIDGE + " up");
            for (int i = 1; i <= count; i++) {
                String ns = namespace(i);
                ip("netns add " + ns);
                ip("link add " + PREFIX + "v" + i + " type veth peer name " + PREFIX + "p" + i);
                ip("link set " + PREFIX + "p" + i + " netns " + ns);
                ip("link set " + PREFIX + "v" + i + " master " + BRIDGE + " up");
                ip("-n " + ns + " addr add " + host(i) + "/24 dev " + PREFIX + "p" + i);
                ip("-n " + ns + " link set " + PREFIX + "p" + i + " up");
                ip("-n " + ns + " link set lo up");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    static String host(int i) {
        return "10.231.0." + (i + 1);
    }

    private static String namespace(int i) {
        return PREFIX + i;
    }

    /** A key file of mode 0600 with a fresh random key. */
    Path keyFile(String name) throws IOException {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path f = dir.resolve(name);
        Files.writeString(f, java.util.Base64.getEncoder().encodeToString(key),
                java.nio.file.StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /** A PKCS12 key store with a fresh self-signed certificate, and the file of its password. */
    Path[] tlsKeyStore() throws IOException, InterruptedException {
        Path store = dir.resolve("tls.p12");
        Path password = dir.resolve("tls.password");
        Files.writeString(password, "pw-" + System.nanoTime() + "\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String pw = Files.readString(password).trim();
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
                "ipc4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ipc4j cluster test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pw, "-keypass", pw), true);
        return new Path[] {store, password};
    }

    /** The {@code --join} list of every host. */
    String joinList() {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            all.add(host(i) + ":5701");
        }
        return String.join(",", all);
    }

    /** Starts a node on host {@code i} without waiting for it. */
    Node startNode(int i, Path keyFile) throws IOException {
        return startNode(i, keyFile, java.util.Map.of());
    }

    /** Starts a node on host {@code i} with {@code env} added to its environment, without waiting for it. */
    Node startNode(int i, Path keyFile, java.util.Map<String, String> env) throws IOException {
        return startNode(i, 5701, keyFile, env);
    }

    /**
     * Starts a node on host {@code i}, its Hazelcast member on {@code port}, with {@code env}
     * added to its environment, without waiting for it.
     */
    Node startNode(int i, int port, Path keyFile, java.util.Map<String, String> env) throws IOException {
        Path log = dir.resolve("node" + i + "-" + System.nanoTime() + ".log");
        Path cache = dir.resolve("cache" + i + "-" + port);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i),
                "unshare", "--mount", "--propagation", "private",
                "sh", "-c", PRIVATE_MOUNTS + " && exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", NODE_JAR.toString(),
                "--bind", host(i) + ":" + port, "--join", joinList(), "--authkey-file", keyFile.toString(),
                "--cache-dir", cache.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("IPC4JT_TARGET", TARGET.toString());
        Process p = pb.start();
        Node node = new Node(host(i), p, log);
        nodes.add(node);
        return node;
    }

    /** Waits until {@code node} says it is ready. @throws AssertionError with its log if it does not */
    static Node awaitReady(Node node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(node.log());
            if (m.find()) {
                node.channel = m.group(1);
                node.startMillis = Long.parseLong(m.group(2));
                return node;
            }
            if (!node.process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node on " + node.host + " not ready (alive " + node.process.isAlive() + "):\n"
                + node.log());
    }

    /** Cuts host {@code i} off the bridge (a network partition), or joins it again. */
    void link(int i, boolean up) throws IOException, InterruptedException {
        ip("link set " + PREFIX + "v" + i + (up ? " up" : " down"));
    }

    /**
     * Host {@code i} vanishes as a machine that loses power does: its link goes down, then
     * every process on it is killed with kill -9, so that no peer hears a FIN or a reset.
     */
    void crash(int i) throws IOException, InterruptedException {
        link(i, false);
        for (long pid : pidsIn(i)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Pids of the processes in host {@code i}'s network namespace. */
    List<Long> pidsIn(int i) throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "pids", namespace(i)), false).split("\\s+")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** The thread dumps of the JVMs on host {@code i}, for a test that failed. */
    String stacksIn(int i) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        for (long pid : pidsIn(i)) {
            sb.append("---- jstack ").append(pid).append(":\n").append(run(List.of(jstack.toString(),
                    String.valueOf(pid)), false));
        }
        return sb.toString();
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append("---- node ").append(n.host).append(":\n").append(n.log());
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Node n : nodes) {
            n.process.destroyForcibly();
        }
        for (Node n : nodes) {
            n.process.waitFor(10, TimeUnit.SECONDS);
        }
        removeStale();
        if (dir != null) {
            // keys, stores, logs and the nodes' jar caches (tens of MB each)
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Kills every process in an {@code ipc4jt*} namespace, then removes the namespaces and the links. */
    private static void removeStale() throws IOException, InterruptedException {
        for (String ns : run(List.of("ip", "netns", "list"), false).split("\n")) {
            String name = ns.trim().split("\\s+")[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            for (String pid : run(List.of("ip", "netns", "pids", name), false).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run(List.of("ip", "netns", "del", name), false);
        }
        // The kernel frees a deleted namespace's links later: delete their ends here now.
        for (String line : run(List.of("ip", "-o", "link", "show"), false).split("\n")) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length > 1 && parts[1].startsWith(PREFIX)) {
                run(List.of("ip", "link", "del", parts[1].split("@")[0]), false);
            }
        }
    }

    private static void ip(String args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args.split(" ")));
        run(cmd, true);
    }

    private static String run(List<String> cmd, boolean check) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        if (check && p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /** Whether this JVM runs as root with {@code ip} at hand, as the tests need. */
    static boolean usable() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return "0".equals(uid) && new ProcessBuilder("ip", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
