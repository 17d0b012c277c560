package io.ipc4j.internal.process;

import io.ipc4j.Config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The class-data-sharing archive of child JVMs (JDK 12+ dynamic archives): the classes a
 * child loaded, mapped ready-parsed into the next children instead of read from the jars
 * again, which takes a good part off a child's start.
 * <p>
 * One archive per <em>key</em>: the {@code java} binary, the child's JVM options and
 * every class path entry's path, size and modification time, the same test the JVM
 * applies to the jars before it uses an archive, so a rebuilt jar gets a new key and an
 * old archive is never offered. JDK 17 archives no class from a directory (and fails the
 * dumping JVM's exit): a class path whose directories all follow its jars is keyed, built and
 * served by the archive of those jars ({@link ChildClassPath#archivable}); one with a
 * directory before a jar has none.
 * <p>
 * When a child is started for a key with no archive, the coordinator starts a builder JVM
 * of its own beside it, at low priority: a child that runs a no-op target through the
 * whole child path ({@link ArchiveWarmUp}) and writes the archive at its exit
 * ({@code -XX:ArchiveClassesAtExit}) to a temporary file. No user child pays for the dump;
 * children started before the archive is in place run without one. This JVM then starts a probe JVM
 * on it with {@code -Xshare:on} (which fails instead of falling back when the archive is
 * unusable) and, if that works, renames it into place under a name that holds its size and
 * CRC32C. Two JVMs building the same key at once each rename a whole file, so any name
 * found is a whole archive. Before it is first offered in a JVM, an archive's size and
 * CRC are checked: a truncated archive makes a JDK 17 JVM crash instead of starting
 * without it, so a damaged one is deleted and built again.
 * <p>
 * The archives live in {@code ipc4j.child.cdsDir}, by default {@code $XDG_CACHE_HOME/ipc4j/cds}
 * or {@code ~/.cache/ipc4j/cds} ({@code java.io.tmpdir}/ipc4j-cds-<user> when that cannot
 * be written); archives not built for {@value #MAX_AGE_DAYS} days and all but the newest
 * {@value #KEEP} are removed when a new one is built. {@code ipc4j.child.cds=off} turns
 * it all off.
 */
public final class ChildArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ChildArchive.class);
    static final int KEEP = 8;
    static final int MAX_AGE_DAYS = 30;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    /** A JVM prints warnings about each class it cannot archive, and about an archive it cannot use: not the user's output. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    /** Dynamic archives are HotSpot's (the child runs this JVM's {@code java}); OpenJ9 shares classes its own way. */
    private static final boolean HOTSPOT = !System.getProperty("java.vm.name", "").contains("OpenJ9");
    /** Keys being built by a child of this JVM, and keys whose build failed here: not tried again. */
    private static final Set<String> BUILDING = ConcurrentHashMap.newKeySet();
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
    /** Archives whose CRC was checked in this JVM, by path, with the size and time they had then. */
    private static final Map<Path, String> CHECKED = new ConcurrentHashMap<>();

    /** The threads checking and installing an archive, by the child that writes it. */
    private static final Map<Process, Thread> INSTALLING = new ConcurrentHashMap<>();
    /** Registered with the first archive built: see {@link #awaitInstallsAtExit}. */
    private static final class ExitHook {
        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildArchive::awaitInstallsAtExit, "ipc4j-cds-exit"));
        }

        static void ensure() {
            // loading the class registered the hook
        }
    }

    /** What a child is started with: the JVM options, and what to do once it has exited. */
    public record Plan(List<String> options, Optional<Path> building, String key) {
        static final Plan NONE = new Plan(List.of(), Optional.empty(), "");
    }

    private ChildArchive() {
    }

    /**
     * The archive options of a child started by {@code java} with {@code jvmOptions} and
     * {@code classPath}: the archive of their key if there is a sound one, else none (the
     * child runs without one; {@link #buildPlan} builds it in a JVM of its own).
     */
    public static Plan plan(Config config, List<String> jvmOptions, ChildClassPath classPath) {
        Optional<String> key = keyIfEnabled(config, jvmOptions, classPath);
        Optional<Path> dir = key.isEmpty() ? Optional.empty() : directory(config);
        if (dir.isEmpty()) {
            return Plan.NONE;
        }
        return sound(dir.get(), key.get())
                .map(archive -> new Plan(List.of(QUIET, "-XX:SharedArchiveFile=" + archive), Optional.<Path>empty(),
                        key.get()))
                .orElse(Plan.NONE);
    }

    /**
     * The options of a builder JVM that writes the archive of children started with
     * {@code jvmOptions} and {@code classPath} at its exit; empty when there is a sound
     * archive already, when this JVM is building it, or when building it failed here.
     */
    public static Optional<Plan> buildPlan(Config config, List<String> jvmOptions, ChildClassPath classPath) {
        Optional<String> key = keyIfEnabled(config, jvmOptions, classPath);
        Optional<Path> dir = key.isEmpty() ? Optional.empty() : directory(config);
        if (dir.isEmpty() || FAILED.contains(key.get()) || sound(dir.get(), key.get()).isPresent()
                || !BUILDING.add(key.get())) {
            return Optional.empty();
        }
        Path temp = dir.get().resolve(key.get() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        return Optional.of(new Plan(List.of(QUIET, "-XX:ArchiveClassesAtExit=" + temp), Optional.of(temp), key.get()));
    }

    private static Optional<String> keyIfEnabled(Config config, List<String> jvmOptions, ChildClassPath classPath) {
        if ("off".equals(config.get(Config.CHILD_CDS)) || choosesSharing(jvmOptions) || !HOTSPOT) {
            return Optional.empty();
        }
        return classPath.archivable().flatMap(archived -> key(jvmOptions, archived));
    }

    /**
     * Once the builder {@code child}, started by {@code javaAndOptions} with {@code plan}'s
     * options and {@code classPath}, has exited: if it ran its target to the end (status 0),
     * checks the archive it wrote with a probe JVM on the same options and class path, and
     * puts it in place, off the caller's thread.
     */
    public static void started(Plan plan, Process child, List<String> javaAndOptions, ChildClassPath classPath) {
        if (plan.building().isEmpty()) {
            return;
        }
        List<String> probeCommand = new ArrayList<>(javaAndOptions);
        probeCommand.addAll(List.of(QUIET, "-cp", String.join(java.io.File.pathSeparator, classPath.entries()),
                "-version"));
        Path temp = plan.building().get();
        Thread installer = new Thread(() -> {
            try {
                if (child.waitFor() != 0) {
                    throw new IOException("the builder JVM ended with status " + child.exitValue());
                }
                install(temp, plan.key(), probeCommand);
            } catch (IOException | RuntimeException e) {
                FAILED.add(plan.key());
                LOG.debug("no class-data archive for key {}: {}", plan.key(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteQuietly(temp);
                BUILDING.remove(plan.key());
                INSTALLING.remove(child);
            }
        }, "ipc4j-cds-install");
        installer.setDaemon(true);
        INSTALLING.put(child, installer);
        ExitHook.ensure();
        installer.start();
    }

    /**
     * At exit, waits (a bounded time) for the archives being built to be put in place, so
     * that a script that ends right after its first child still leaves an archive for the
     * next run.
     */
    private static void awaitInstallsAtExit() {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        for (Thread installer : INSTALLING.values()) {
            try {
                installer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** When the start itself failed: nothing will be written. */
    public static void abandoned(Plan plan) {
        plan.building().ifPresent(temp -> {
            deleteQuietly(temp);
            BUILDING.remove(plan.key());
        });
    }

    private static void install(Path temp, String key, List<String> probeCommand) throws IOException {
        if (!Files.isRegularFile(temp) || Files.size(temp) == 0) {
            throw new IOException("the child wrote no archive");
        }
        List<String> cmd = new ArrayList<>(probeCommand);
        cmd.add(1, "-XX:SharedArchiveFile=" + temp);
        cmd.add(1, "-Xshare:on");
        Process probe = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!probe.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                probe.destroyForcibly();
                throw new IOException("the probe JVM did not end");
            }
        } catch (InterruptedException e) {
            probe.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (probe.exitValue() != 0) {
            throw new IOException("a JVM cannot start on it (exit status " + probe.exitValue() + ")");
        }
        Path dir = temp.getParent();
        Path target = dir.resolve(key + "-" + crc(temp) + "-" + Files.size(temp) + ".jsa");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.debug("class-data archive {} built", target);
        prune(dir, target);
    }

    /** The archive of {@code key} in {@code dir} whose size and CRC are those in its name; damaged ones are deleted. */
    static Optional<Path> sound(Path dir, String key) {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, key + "-*.jsa")) {
            for (Path p : found) {
                if (isSound(p)) {
                    return Optional.of(p);
                }
                LOG.debug("class-data archive {} is damaged; it is deleted", p);
                CHECKED.remove(p);
                deleteQuietly(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot look for class-data archives in {}: {}", dir, e.toString());
        }
        return Optional.empty();
    }

    private static boolean isSound(Path archive) {
        String name = archive.getFileName().toString();
        String[] parts = name.substring(0, name.length() - ".jsa".length()).split("-");
        if (parts.length != 3) {
            return false;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(archive, BasicFileAttributes.class);
            if (!Long.toString(a.size()).equals(parts[2])) {
                return false;
            }
            String state = a.size() + "@" + a.lastModifiedTime().toMillis();
            if (state.equals(CHECKED.get(archive))) {
                return true;
            }
            if (!crc(archive).equals(parts[1])) {
                return false;
            }
            CHECKED.put(archive, state);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /**
     * The key of a child's archive, or empty when its class path cannot have one (a
     * directory on it, or an entry that cannot be read).
     */
    static Optional<String> key(List<String> jvmOptions, ChildClassPath classPath) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder("ipc4j-cds-1\n").append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n');
        jvmOptions.forEach(o -> text.append(o).append('\n'));
        for (String entry : classPath.entries()) {
            Path p = Path.of(entry).toAbsolutePath();
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (!a.isRegularFile()) {
                    return Optional.empty();
                }
                text.append(p).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().toMillis())
                        .append('\n');
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        byte[] digest = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return Optional.of(HexFormat.of().formatHex(digest, 0, 16));
    }

    /** The user chose sharing options themselves: leave them be. */
    private static boolean choosesSharing(List<String> options) {
        return options.stream().anyMatch(o -> o.startsWith("-Xshare") || o.contains("SharedArchiveFile")
                || o.contains("ArchiveClassesAtExit") || o.contains("DumpLoadedClassList"));
    }

    /** The cache directory, made (private to the user) if need be; empty when none can be written. */
    static Optional<Path> directory(Config config) {
        String given = config.get(Config.CHILD_CDS_DIR);
        List<Path> candidates = new ArrayList<>();
        if (given != null && !given.isBlank()) {
            candidates.add(Path.of(given.trim()));
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            candidates.add(cache.resolve("ipc4j").resolve("cds"));
            candidates.add(Path.of(System.getProperty("java.io.tmpdir"), "ipc4j-cds-" + System.getProperty("user.name")));
        }
        for (Path dir : candidates) {
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                if (Files.isWritable(dir)) {
                    return Optional.of(dir);
                }
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("cannot use {} for class-data archives: {}", dir, e.toString());
            }
        }
        return Optional.empty();
    }

    /** Removes temporary files left by JVMs that died, old archives, and all but the newest few. */
    private static void prune(Path dir, Path keep) {
        long now = System.currentTimeMillis();
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                String name = p.getFileName().toString();
                long age = now - Files.getLastModifiedTime(p).toMillis();
                if (name.endsWith(".tmp") && age > STALE_TEMP.toMillis()) {
                    deleteQuietly(p);
                } else if (name.endsWith(".jsa") && !p.equals(keep)) {
                    if (age > TimeUnit.DAYS.toMillis(MAX_AGE_DAYS)) {
                        deleteQuietly(p);
                    } else {
                        archives.add(p);
                    }
                }
            }
            archives.sort(Comparator.comparing(ChildArchive::modified).reversed());
            for (Path old : archives.subList(Math.min(archives.size(), KEEP - 1), archives.size())) {
                deleteQuietly(old);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot prune {}: {}", dir, e.toString());
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }
}
