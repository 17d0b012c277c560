package io.ipc4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of a {@link Context}. Each key {@code ipc4j.x.y} is read, later sources
 * winning, from {@code ipc4j.properties} on the class path, then the system property
 * {@code -Dipc4j.x.y}, then the environment variable {@code IPC4J_X_Y}, then the
 * overrides given to {@link Context#create(Map)}.
 */
public final class Config {

    /** Channel transport: {@code uds} (default) or {@code tcp}. */
    public static final String CHANNEL = "ipc4j.channel";
    /**
     * Where a context's managers take their connections: {@code auto} (default) puts them on
     * the same-host shared-memory channel when ipc-mmap is on the class path and the context is
     * on {@code uds} or {@code shm}, on TCP when it is on {@code tcp} (a cluster), and on a Unix
     * socket otherwise; {@code uds} keeps them on a Unix socket; {@code shm} requires shared memory.
     * {@code uds} and {@code shm} need the context on this host (on {@code uds} or {@code shm}).
     */
    public static final String MANAGER_CHANNEL = "ipc4j.manager.channel";
    /**
     * Queue transport of every {@code queue(...)} and {@code joinableQueue(...)} of a context:
     * {@code broker} (default: queues hosted by the coordinator, reached over its channels),
     * or another transport on the class path, such as {@code chronicle} from ipc-chronicle.
     * An unknown name fails {@link Context#create} naming the transports found.
     */
    public static final String QUEUE = "ipc4j.queue";
    /**
     * Provider of values, arrays, shared memory and locks: {@code mmap} (default, memory-mapped
     * files) or {@code manager}; with a {@link #CLUSTER} the default is {@code manager}, and
     * {@code mmap} is refused.
     */
    public static final String SHARED = "ipc4j.shared";
    /** Largest message a channel accepts, in bytes (default 256 MiB). */
    public static final String MAX_FRAME_BYTES = "ipc4j.maxFrameBytes";
    /** Host TCP listeners bind to (default 127.0.0.1). */
    public static final String TCP_BIND = "ipc4j.tcp.bind";
    /**
     * Extra JVM options for child processes, separated by spaces (default
     * {@code -XX:+UseSerialGC -XX:-UsePerfData -Xms64m}: no performance-data file to make at
     * start and remove at exit, so children do not show in {@code jps} ({@code jcmd <pid>} still
     * works), and a 64 MiB first heap; options given replace the default).
     */
    public static final String CHILD_JVM_ARGS = "ipc4j.child.jvmArgs";
    /**
     * The class path of child JVMs; empty (default) means what the caller's code was loaded
     * from: {@code java.class.path} and the class loaders of ipc4j, of the context's creator
     * and of each target.
     */
    public static final String CHILD_CLASSPATH = "ipc4j.child.classpath";
    /** {@code pipe} (default) copies child output through this JVM's System.out/err; {@code inherit} shares the file descriptors. */
    public static final String CHILD_OUTPUT = "ipc4j.child.output";
    /**
     * Child JVMs each context keeps started and connected, waiting for a target, so that
     * {@code start()} costs milliseconds instead of a JVM start (default 0).
     */
    public static final String CHILD_SPARES = "ipc4j.child.spares";
    /**
     * {@code auto} (default): child JVMs share a class-data archive of the classes children
     * load, built by a low-priority builder JVM the first time a context starts a child of a
     * class path that has none, and kept in {@link #CHILD_CDS_DIR};
     * {@value #CHILD_CDS_DIRECTORIES_LAST}: the same, and a child's class path puts its
     * directories after its jars, so that the archive of the jars serves children whose class
     * path has directories too (a program run from an IDE or {@code mvn exec:java}); only where
     * no class or resource in a directory is also in a jar, since the order decides which one
     * loads; {@code off}: no archive.
     */
    public static final String CHILD_CDS = "ipc4j.child.cds";
    /** The value of {@link #CHILD_CDS} that puts a child's directories after its jars. */
    public static final String CHILD_CDS_DIRECTORIES_LAST = "directories-last";
    /** Where children's class-data archives are kept (default {@code ~/.cache/ipc4j/cds}, see the README). */
    public static final String CHILD_CDS_DIR = "ipc4j.child.cdsDir";
    /** Seconds a Pipe end lingers at exit for its peer to take unsent messages (default 30). */
    public static final String PIPE_LINGER = "ipc4j.pipe.lingerSeconds";
    /**
     * Nanoseconds a pipe receiver spins, yielding the core between reads, before it blocks
     * (default 20000). A receiver whose spins end in blocking anyway several times in a row
     * spins ever more rarely, so that on a busy machine it does not take the core its peer
     * needs and an idle pipe burns no CPU.
     */
    public static final String SPIN_NANOS = "ipc4j.spinNanos";
    /**
     * Milliseconds a connection to the coordinator or to a pipe end may take to
     * authenticate before it is closed (default 5000).
     */
    public static final String HANDSHAKE_TIMEOUT_MILLIS = "ipc4j.handshakeTimeoutMillis";
    /**
     * How many connections a listener lets authenticate at once (default 256); it closes
     * further ones at once, so that peers without the key cannot use up its file descriptors.
     */
    public static final String MAX_PENDING_HANDSHAKES = "ipc4j.maxPendingHandshakes";

    /**
     * The cluster whose nodes run this context's children: empty (default) for this machine
     * only, or {@code hazelcast} (from ipc-hazelcast). With a cluster, channels are TCP on an
     * address the nodes can reach.
     */
    public static final String CLUSTER = "ipc4j.cluster";
    /** Where the cluster's nodes are, {@code host:port} separated by commas. */
    public static final String CLUSTER_JOIN = "ipc4j.cluster.join";
    /**
     * This machine's {@code host[:port]} for the cluster; empty (default) means the interface
     * that routes to the first address of {@link #CLUSTER_JOIN}.
     */
    public static final String CLUSTER_BIND = "ipc4j.cluster.bind";
    /**
     * Seconds without a heartbeat after which a cluster member counts as gone (default 5): the
     * coordinator then ends the children of a node it cannot reach, and a node kills the children
     * of a coordinator it cannot reach.
     */
    public static final String CLUSTER_LOST_AFTER_SECONDS = "ipc4j.cluster.lostAfterSeconds";
    /**
     * {@code on} encrypts TCP channels opened by {@link Listener} and {@link Client} (a cluster's
     * node channels) with TLS 1.3; default {@code off}. Unix domain sockets stay plain.
     */
    public static final String TCP_TLS = "ipc4j.tcp.tls";
    /** The PKCS12 key store holding this end's certificate and private key, for {@link #TCP_TLS}. */
    public static final String TCP_TLS_KEY_STORE = "ipc4j.tcp.tls.keyStore";
    /** A file whose first line is the password of the key store (and of the trust store). */
    public static final String TCP_TLS_KEY_STORE_PASSWORD_FILE = "ipc4j.tcp.tls.keyStorePasswordFile";
    /** The PKCS12 trust store of the certificates a peer may present; default: the key store itself. */
    public static final String TCP_TLS_TRUST_STORE = "ipc4j.tcp.tls.trustStore";
    /** The file holding the key the coordinator and the cluster's nodes share; its mode must be 0600. */
    public static final String AUTHKEY_FILE = "ipc4j.authkey.file";

    /** I/O threads of the Netty transport in each JVM, read as a system property when it loads (default 2). */
    public static final String NETTY_THREADS = "ipc4j.netty.threads";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(CHANNEL, "uds"),
            Map.entry(MANAGER_CHANNEL, "auto"),
            Map.entry(QUEUE, "broker"),
            Map.entry(SHARED, "mmap"),
            Map.entry(MAX_FRAME_BYTES, String.valueOf(256 << 20)),
            Map.entry(TCP_BIND, "127.0.0.1"),
            Map.entry(CHILD_JVM_ARGS, "-XX:+UseSerialGC -XX:-UsePerfData -Xms64m"),
            Map.entry(CHILD_OUTPUT, "pipe"),
            Map.entry(CHILD_CLASSPATH, ""),
            Map.entry(CHILD_SPARES, "0"),
            Map.entry(CHILD_CDS, "auto"),
            Map.entry(CHILD_CDS_DIR, ""),
            Map.entry(PIPE_LINGER, "30"),
            Map.entry(SPIN_NANOS, "20000"),
            Map.entry(NETTY_THREADS, "2"),
            Map.entry(CLUSTER, ""),
            Map.entry(CLUSTER_JOIN, ""),
            Map.entry(CLUSTER_BIND, ""),
            Map.entry(CLUSTER_LOST_AFTER_SECONDS, "5"),
            Map.entry(AUTHKEY_FILE, ""),
            Map.entry(TCP_TLS, "off"),
            Map.entry(TCP_TLS_KEY_STORE, ""),
            Map.entry(TCP_TLS_KEY_STORE_PASSWORD_FILE, ""),
            Map.entry(TCP_TLS_TRUST_STORE, ""),
            Map.entry(HANDSHAKE_TIMEOUT_MILLIS, "5000"),
            Map.entry(MAX_PENDING_HANDSHAKES, "256"));

    /** The settings of a coordinator that take one of a few words, and those words: see {@link #checkWords}. */
    private static final Map<String, List<String>> CHOICES = Map.of(
            CHILD_CDS, List.of("auto", CHILD_CDS_DIRECTORIES_LAST, "off"),
            CHILD_OUTPUT, List.of("pipe", "inherit"));

    private static final Logger LOG = LoggerFactory.getLogger(Config.class);
    /** Unknown keys already warned about: each once per JVM. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Map<String, String> values;
    /** The keys some source gave, as opposed to defaults. */
    private final Set<String> given;

    private Config(Map<String, String> values, Set<String> given) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.given = Set.copyOf(given);
    }

    /** Reads the settings from every source, {@code overrides} last. */
    public static Config load(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>(DEFAULTS);
        Properties file = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader() == null ? null
                : Thread.currentThread().getContextClassLoader().getResourceAsStream("ipc4j.properties")) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ipc4j.properties", e);
        }
        file.stringPropertyNames().forEach(k -> v.put(k, file.getProperty(k).trim()));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("ipc4j."))
                .forEach(k -> v.put(k, System.getProperty(k).trim()));
        System.getenv().forEach((k, val) -> {
            if (k.startsWith("IPC4J_") && !k.startsWith("IPC4J__")) {
                v.put(envToKey(k), val.trim());
            }
        });
        overrides.forEach((k, val) -> {
            if (val != null) {
                v.put(k, val.trim()); // as from every other source
            }
        });
        Set<String> given = new TreeSet<>(v.keySet());
        DEFAULTS.forEach((k, d) -> {
            if (d.equals(v.get(k)) && !overrides.containsKey(k) && System.getProperty(k) == null
                    && !file.containsKey(k) && envValue(k) == null) {
                given.remove(k);
            }
        });
        Config config = new Config(v, given);
        for (String key : config.unknownKeys()) {
            if (WARNED.add(key)) {
                LOG.warn("unknown setting {} is ignored (a typo?); known settings: {}", key, DEFAULTS.keySet().stream()
                        .sorted().toList());
            }
        }
        return config;
    }

    /**
     * Checks the settings a coordinator reads that take one of a few words ({@code ipc4j.child.cds},
     * {@code ipc4j.child.output}); an empty value means the default, as for other settings.
     *
     * @throws IllegalArgumentException naming the setting and its words when given another
     */
    public void checkWords() {
        CHOICES.forEach((key, words) -> {
            String value = values.get(key);
            if (value != null && !value.isEmpty() && !words.contains(value)) {
                throw new IllegalArgumentException("setting " + key + " must be one of " + String.join(", ", words)
                        + ", not '" + value + "'");
            }
        });
    }

    /** The {@code ipc4j.*} keys given that no part of ipc4j reads. */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith("ipc4j.") && !DEFAULTS.containsKey(key) && !key.startsWith("ipc4j.fault.")) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Rebuilds a configuration exactly as another process resolved it. */
    public static Config of(Map<String, String> resolved) {
        return new Config(resolved, resolved.keySet());
    }

    /** Whether {@code key} was set by a source (a file, property, variable or override) rather than left at its default. */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    private static String envValue(String key) {
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getKey().startsWith("IPC4J_") && !e.getKey().startsWith("IPC4J__") && envToKey(e.getKey()).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@code IPC4J_CHILD_OUTPUT} becomes {@code ipc4j.child.output}; camel case is matched ignoring case. */
    private static String envToKey(String env) {
        String dotted = "ipc4j." + env.substring("IPC4J_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        for (String known : DEFAULTS.keySet()) {
            if (known.equalsIgnoreCase(dotted)) {
                return known;
            }
        }
        return dotted;
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** The value of {@code key} as an int. @throws IllegalArgumentException naming the key if it is not a number */
    public int getInt(String key) {
        String s = values.get(key);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be an integer, not '" + s + "'");
        }
    }

    /** The value of {@code key} as a positive int. @throws IllegalArgumentException naming the key otherwise */
    public int getPositiveInt(String key) {
        int v = getInt(key);
        if (v <= 0) {
            throw new IllegalArgumentException("setting " + key + " must be positive, not " + v);
        }
        return v;
    }

    /** All settings, resolved. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
