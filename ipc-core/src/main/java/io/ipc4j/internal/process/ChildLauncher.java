package io.ipc4j.internal.process;

import io.ipc4j.Config;
import io.ipc4j.ProcessStartException;
import io.ipc4j.spi.Cluster;
import io.ipc4j.spi.RemoteLaunch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Starts a child JVM: the same {@code java} binary and class path as this one, the
 * configured JVM options, {@link ChildMain} as the main class, and the way back to the
 * coordinator in the environment. Child output is copied to this JVM's
 * {@code System.out}/{@code System.err}, or shares its file descriptors.
 */
public final class ChildLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ChildLauncher.class);
    /** The first heap {@link Config#CHILD_JVM_ARGS}' default gives children. */
    static final String DEFAULT_FIRST_HEAP = "-Xms64m";
    /** Where a {@code java} launcher also reads JVM options from. */
    private static final List<String> JAVA_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");
    /** Runs the archive builder at low priority where there is a {@code nice} (not the lowest: a loaded machine starves that). */
    private static final Optional<String> NICE = Stream.of("/usr/bin/nice", "/bin/nice")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

    private ChildLauncher() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A started child, the threads copying its output, and the contexts whose coordinators
     * its environment lets it reach.
     */
    public record Launched(Process process, List<OutputPump> pumps, Set<String> reachable, ChildClassPath classPath,
                           AtomicLong signalsSent) {
        private static final int SIGTERM = 15;
        private static final int SIGKILL = 9;

        Launched(Process process, List<OutputPump> pumps, Set<String> reachable, ChildClassPath classPath) {
            this(process, pumps, reachable, classPath, new AtomicLong());
        }

        /** Sends SIGTERM, remembered so that an exit status of 128 + 15 reads as -15. */
        public void terminate() {
            if (process.isAlive()) {
                signalsSent.accumulateAndGet(1L << SIGTERM, (a, b) -> a | b);
                process.destroy();
            }
        }

        /** Sends SIGKILL, remembered so that an exit status of 128 + 9 reads as -9. */
        public void kill() {
            if (process.isAlive()) {
                signalsSent.accumulateAndGet(1L << SIGKILL, (a, b) -> a | b);
                process.destroyForcibly();
            }
        }

        /**
         * The exit code as CPython gives it: -N when this process ended the child with signal N,
         * else the status (Java cannot tell 128 + N from signal N otherwise); empty while it runs.
         */
        public java.util.OptionalInt exitCode() {
            if (process.isAlive()) {
                return java.util.OptionalInt.empty();
            }
            int v = process.exitValue();
            int signal = v - 128;
            return java.util.OptionalInt.of(signal > 0 && signal < 64 && (signalsSent.get() & 1L << signal) != 0
                    ? -signal : v);
        }

        /**
         * Waits, up to {@code timeoutNanos}, until the first {@code out} bytes the child wrote
         * to its standard output and the first {@code err} to its error have been copied
         * here (counted by the child with {@link io.ipc4j.internal.ChildOutput}); at once
         * when its output is not copied.
         */
        public void awaitOutput(long out, long err, long timeoutNanos) {
            if (pumps.size() == 2) {
                long deadline = System.nanoTime() + timeoutNanos;
                pumps.get(0).awaitTaken(out, timeoutNanos);
                pumps.get(1).awaitTaken(err, deadline - System.nanoTime());
            }
        }

        /** Waits (briefly) until the child's last output has been copied. */
        public void drainOutput() {
            for (OutputPump t : pumps) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The flags a child JVM of feature version {@code feature} needs so that it runs without
     * warnings: Netty loads its native transport (native access, asked for from 21 on) and
     * Netty and Kryo use {@code sun.misc.Unsafe} (which warns from 24 on). JDK 17 refuses
     * the second flag, so the list depends on the version.
     */
    static List<String> jvmFlags(int feature) {
        List<String> flags = new ArrayList<>();
        if (feature >= 21) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    /**
     * Starts a child JVM running {@link ChildMain} from {@code classPath}.
     *
     * @param transportOptions JVM options the transports need in every child, before the user's own
     */
    public static Launched launch(Config config, ChildEnvironment env, String name, ChildClassPath classPath,
                                  List<String> transportOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        // The child runs the same java binary as this JVM, so of this JVM's version.
        cmd.addAll(jvmFlags(Runtime.version().feature()));
        cmd.addAll(jvmOptions(config, transportOptions, System.getenv()));
        cmd.addAll(ChildArchive.plan(config, cmd.subList(1, cmd.size()), classPath).options());
        cmd.addAll(classPath.javaArguments(ChildMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // This JVM's own ipc4j variables (a child's keys) are not inherited: the child gets those of env only.
        pb.environment().keySet().removeIf(k -> k.startsWith(ChildEnvironment.PREFIX));
        pb.environment().putAll(env.toEnvironment());
        boolean inherit = "inherit".equals(config.get(Config.CHILD_OUTPUT));
        if (inherit) {
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProcessStartException("cannot start a child JVM for " + name + " (" + cmd.get(0) + ", class path "
                    + classPath + "): " + e.getMessage(), e);
        }
        if (inherit) {
            return new Launched(p, List.of(), env.contextIds(), classPath);
        }
        return new Launched(p, List.of(OutputPump.start(p.getInputStream(), () -> System.out, name + "-stdout"),
                OutputPump.start(p.getErrorStream(), () -> System.err, name + "-stderr")), env.contextIds(),
                classPath);
    }

    /**
     * Starts, at low priority, the child JVM that builds the class-data archive of children
     * started with {@code classPath} and {@code transportOptions}, when none is in place or
     * being built; it runs {@link ChildMain} like any child, its output discarded.
     *
     * @return the builder, or empty when none is needed or it could not be started
     */
    public static Optional<Launched> launchArchiveBuilder(Config config, ChildEnvironment env,
                                                          ChildClassPath classPath, List<String> transportOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmFlags(Runtime.version().feature()));
        cmd.addAll(jvmOptions(config, transportOptions, System.getenv()));
        // the builder runs on the part of the class path the archive holds: JDK 17 dumps no directory
        Optional<ChildClassPath> archivable = classPath.archivable();
        if (archivable.isEmpty()) {
            return Optional.empty();
        }
        ChildClassPath archived = archivable.get();
        // keyed by the options of the children it serves...
        Optional<ChildArchive.Plan> plan = ChildArchive.buildPlan(config, cmd.subList(1, cmd.size()), archived);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        // ...but without those that write files of their own: a log or recording per child is the user's, not the builder's
        cmd.removeIf(ChildLauncher::writesFilesOfItsOwn);
        List<String> javaAndOptions = List.copyOf(cmd);
        cmd.addAll(plan.get().options());
        cmd.addAll(archived.javaArguments(ChildMain.class.getName()));
        NICE.ifPresent(nice -> cmd.addAll(0, List.of(nice, "-n", "10")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith(ChildEnvironment.PREFIX));
        pb.environment().putAll(env.toEnvironment());
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            ChildArchive.abandoned(plan.get());
            LOG.debug("cannot start the class-data archive builder: {}", e.toString());
            return Optional.empty();
        }
        ChildArchive.started(plan.get(), p, javaAndOptions, archived);
        return Optional.of(new Launched(p, List.of(), env.contextIds(), archived));
    }

    /**
     * Whether a JVM option has the JVM write a file of its own: a log ({@code -Xlog:...:file=},
     * {@code -Xloggc:}, {@code -XX:+LogVMOutput}, {@code -XX:+LogCompilation} and where they
     * go, {@code -XX:LogFile=}) or a flight recording. The archive builder and
     * its probe leave them out, so that a user who logs every child finds the children's
     * files only.
     */
    static boolean writesFilesOfItsOwn(String option) {
        if (option.startsWith("-Xlog:")) {
            // -Xlog:what:output:...; an output other than stdout or stderr is a file, with or without file=
            String[] fields = option.split(":", 4);
            return fields.length > 2 && !fields[2].isEmpty() && !fields[2].equals("stdout")
                    && !fields[2].equals("stderr");
        }
        return option.startsWith("-Xloggc:") || option.startsWith("-XX:StartFlightRecording")
                || option.startsWith("-XX:LogFile=") || option.equals("-XX:+LogVMOutput")
                || option.equals("-XX:+LogCompilation"); // these two write hotspot_pid<pid>.log without a LogFile
    }

    /**
     * @param environment the environment the child's {@code java} reads options from too: where
     *                    it sets a heap limit, the default's first heap is left out, since a
     *                    limit below it would keep the JVM from starting
     */
    static List<String> jvmOptions(Config config, List<String> transportOptions, Map<String, String> environment) {
        List<String> options = new ArrayList<>(transportOptions);
        String extra = config.get(Config.CHILD_JVM_ARGS);
        if (extra != null && !extra.isBlank()) {
            options.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        if (!config.isGiven(Config.CHILD_JVM_ARGS) && setsHeapLimit(environment)) {
            options.remove(DEFAULT_FIRST_HEAP);
        }
        return options;
    }

    private static boolean setsHeapLimit(Map<String, String> environment) {
        for (String variable : JAVA_OPTION_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && (value.contains("-Xmx") || value.contains("MaxHeapSize")
                    || value.contains("MaxRAM"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a child JVM running {@link ChildMain} on a node of {@code cluster}, on the host
     * {@code pinnedHost} or, when null, where the cluster places it; its node sends its output here.
     */
    public static Launched launchRemote(Cluster cluster, Config config, ChildEnvironment env, String name,
                                        ChildClassPath classPath, List<String> transportOptions, String pinnedHost) {
        if (classPath.springBootJar().isPresent()) {
            throw new ProcessStartException("cannot start process " + name + " on a cluster node from the Spring Boot "
                    + "jar " + classPath.springBootJar().get() + " (not supported yet); no process was started");
        }
        Process child = cluster.launch(new RemoteLaunch(name, pinnedHost, jvmOptions(config, transportOptions, Map.of()),
                classPath.entries(), ChildMain.class.getName(), env.toEnvironment()));
        return new Launched(child, List.of(), env.contextIds(), classPath);
    }
}
