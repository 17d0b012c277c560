package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Children share a class-data archive kept per class path: built by a JVM of its own beside
 * the first child (which runs without it), used by the next, never used once a jar changed or the archive is damaged, and built safely
 * by two coordinators at once. The class path is made of jars (the JVM archives no class
 * path with a directory on it): the test's class directories are copied into jars.
 */
@Timeout(180)
class ChildArchiveTest {
    @TempDir
    Path work;
    private Path cacheDir;
    private String jarClassPath;

    /**
     * A context's close waits for its archive builder only so long, and a build (at low
     * priority, then a probe JVM) may outlast it on a loaded machine: the next test class in
     * this JVM, counting its children, must not find it.
     */
    @AfterEach
    void awaitNoArchiveBuilder() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && ProcessHandle.current().descendants().anyMatch(ChildArchiveTest::buildsAnArchive)) {
            Thread.sleep(100);
        }
    }

    private static boolean buildsAnArchive(ProcessHandle p) {
        String line = p.info().commandLine().orElse("");
        return line.contains("-XX:ArchiveClassesAtExit") || line.contains("-Xshare:on");
    }

    @BeforeEach
    void jarTheClassPath() throws IOException {
        cacheDir = Files.createDirectory(work.resolve("cds"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p)) {
                Path jar = work.resolve("classes-" + n++ + ".jar");
                jar(p, jar);
                entries.add(jar.toString());
            } else if (Files.isRegularFile(p)) {
                entries.add(e);
            }
        }
        jarClassPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void aBuilderOfItsOwnBuildsTheArchiveOnceAndTheNextChildIsStartedWithIt() throws Exception {
        try (Context mp = context()) {
            String first = argumentsOfAChild(mp);
            assertFalse(first.contains("Archive"), "the user's child built the archive: " + first);
            assertFalse(first.contains("SharedArchiveFile"), first);
            Path archive = awaitArchive();
            String second = argumentsOfAChild(mp);
            assertTrue(second.contains("-XX:SharedArchiveFile=" + archive), second);
            assertFalse(second.contains("ArchiveClassesAtExit"), second);
            argumentsOfAChild(mp);
            assertTrue(builders().isEmpty(), "a second builder was started");
            try (Stream<Path> archives = Files.list(cacheDir)) {
                assertEquals(List.of(archive), archives.filter(p -> p.toString().endsWith(".jsa")).toList());
            }
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "a temporary archive was left behind");
        }
    }

    @Test
    void aFailedBuildLeavesChildrenStartingWithoutAnArchive() throws Exception {
        try (Context mp = context()) {
            Queue<String> out = mp.queue();
            ChildProcess child = mp.process(() -> out.put("ran")).start();
            List<ProcessHandle> builders = builders();
            assertEquals(1, builders.size(), "builders: " + builders);
            builders.get(0).destroyForcibly();
            builders.get(0).onExit().get(30, TimeUnit.SECONDS);
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode().orElseThrow());
            assertEquals("ran", out.get(Duration.ofSeconds(10)));
            awaitNoTemporaryFile();
            String after = argumentsOfAChild(mp);
            assertFalse(after.contains("Archive"), after);
            assertTrue(builders().isEmpty(), "the failed build was tried again in the same JVM");
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** The running children of this JVM that write a class-data archive. */
    private static List<ProcessHandle> builders() {
        return ProcessHandle.current().children()
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0]))
                        .contains("-XX:ArchiveClassesAtExit="))
                .toList();
    }

    private void awaitNoTemporaryFile() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Stream<Path> files = Files.list(cacheDir)) {
                if (files.noneMatch(p -> p.toString().endsWith(".tmp"))) {
                    return;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the temporary archive was left behind");
            Thread.sleep(50);
        }
    }

    @Test
    void aChildIsReallyLoadedFromTheArchiveWithWhatAPoolWorkerLoads() throws Exception {
        Path log = work.resolve("class-load.log");
        try (Context mp = context(Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log)) {
            argumentsOfAChild(mp);
            awaitArchive();
            Files.deleteIfExists(log);
            ChildProcess child = mp.process(ChildArchiveTest::loadAPoolWorker).start();
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        String loads = Files.readString(log);
        assertTrue(loads.contains("io.ipc4j.internal.process.ChildMain source: shared objects file (top)"), loads);
        // a no-op child never loads it: the builder did, from its warm-up list
        assertTrue(loads.contains("io.ipc4j.internal.pool.PoolWorker source: shared objects file (top)"), loads);
    }

    private static void loadAPoolWorker() {
        try {
            Class.forName("io.ipc4j.internal.pool.PoolWorker");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChangedJarGetsANewArchiveAndTheOldOneIsNotOffered() throws Exception {
        try (Context mp = context()) {
            argumentsOfAChild(mp);
            Path old = awaitArchive();
            Path jar = Path.of(jarClassPath.split(File.pathSeparator)[0]);
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
            String after = argumentsOfAChild(mp);
            assertFalse(after.contains(old.toString()), after);
            assertFalse(after.contains("Archive"), after);
            Path rebuilt = awaitArchive(old);
            assertTrue(argumentsOfAChild(mp).contains("-XX:SharedArchiveFile=" + rebuilt));
        }
    }

    @Test
    void aChildStartsWhenItsArchiveIsDamaged() throws Exception {
        try (Context mp = context()) {
            argumentsOfAChild(mp);
            Path archive = awaitArchive();
            // A truncated archive makes a JDK 17 JVM die of SIGBUS rather than start without it
            try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
            String after = argumentsOfAChild(mp);
            assertFalse(after.contains(archive.toString()), after);
            assertFalse(Files.exists(archive), "the damaged archive was kept");
        }
    }

    @Test
    void twoCoordinatorsBuildingTheSameArchiveAtOnceLeaveOneSoundArchive() throws Exception {
        List<Process> coordinators = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-D" + Config.CHILD_CDS_DIR + "=" + cacheDir, "-D" + Config.CHILD_CLASSPATH + "=" + jarClassPath,
                    "-cp", System.getProperty("java.class.path"), ArchiveBuilderMain.class.getName());
            pb.environment().put("IPC4J_CHILD_CDSDIR", cacheDir.toString());
            pb.redirectErrorStream(true);
            coordinators.add(pb.start());
        }
        for (Process p : coordinators) {
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
        }
        try (Context mp = context()) {
            Path archive = awaitArchive();
            assertTrue(argumentsOfAChild(mp).contains("-XX:SharedArchiveFile=" + archive));
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(".tmp")), "a temporary archive was left behind");
        }
    }

    @Test
    void withDirectoriesLastAClassPathWithADirectoryIsServedByTheArchiveOfItsJars() throws Exception {
        Path dir = Files.createDirectory(work.resolve("resources"));
        Files.writeString(dir.resolve("ipc4j-probe.txt"), "from the directory");
        String directoryFirst = dir + File.pathSeparator + jarClassPath; // as an IDE or surefire orders them
        try (Context mp = context(Config.CHILD_CLASSPATH, directoryFirst,
                Config.CHILD_CDS, Config.CHILD_CDS_DIRECTORIES_LAST)) {
            argumentsOfAChild(mp);
            Path archive = awaitArchive();
            String archiveName = archive.getFileName().toString();
            Queue<List<String>> out = mp.queue();
            ChildProcess child = mp.process(() -> out.put(List.of(
                    String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                    System.getProperty("java.class.path"), probeResource(), Boolean.toString(maps(archiveName))))).start();
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode().orElseThrow());
            List<String> seen = out.get(Duration.ofSeconds(10));
            assertTrue(seen.get(0).contains("-XX:SharedArchiveFile=" + archive), seen.get(0));
            assertEquals(jarClassPath + File.pathSeparator + dir, seen.get(1), "the child's class path");
            assertEquals("from the directory", seen.get(2));
            assertEquals("true", seen.get(3), "the child did not map the archive: the JVM refused it");
        }
    }

    @Test
    void theBuilderAndItsProbeWriteNoneOfTheLogsTheChildrenAreToWrite() throws Exception {
        Path logs = Files.createDirectory(work.resolve("logs"));
        try (Context mp = context(Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Xlog:class+load=info:file=" + logs.resolve("jvm-%p.log"))) {
            argumentsOfAChild(mp);
            awaitArchive();
            awaitNoArchiveBuilder();
            try (Stream<Path> written = Files.list(logs)) {
                assertEquals(1, written.count(), "the logs of one child are expected");
            }
            String second = argumentsOfAChild(mp);
            assertTrue(second.contains("-XX:SharedArchiveFile="), second);
            assertTrue(second.contains("-Xlog:class+load=info:file="), second);
            try (Stream<Path> written = Files.list(logs)) {
                assertEquals(2, written.count(), "the logs of two children are expected");
            }
        }
    }

    /** Whether this process maps a file named {@code name}: a JVM given an archive it refuses runs without it, quietly. */
    private static boolean maps(String name) {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDirectoryBeforeAJarMeansNoArchiveByDefault() throws Exception {
        Path dir = Files.createDirectory(work.resolve("resources"));
        Files.writeString(dir.resolve("ipc4j-probe.txt"), "from the directory");
        try (Context mp = context(Config.CHILD_CLASSPATH, dir + File.pathSeparator + jarClassPath, Config.CHILD_CDS, "auto")) {
            String args = argumentsOfAChild(mp);
            assertFalse(args.contains("Archive"), args);
            assertTrue(builders().isEmpty(), "a builder was started for a class path no archive can serve");
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertEquals(0, left.count());
        }
    }

    private static String probeResource() {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("ipc4j-probe.txt")) {
            return in == null ? "(not found)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noArchiveWhenTurnedOff() throws Exception {
        try (Context mp = context(Config.CHILD_CDS, "off")) {
            String args = argumentsOfAChild(mp);
            assertFalse(args.contains("Archive"), args);
        }
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertEquals(0, left.count());
        }
    }

    private Context context(String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(Config.CHILD_CDS_DIR, cacheDir.toString(),
                Config.CHILD_CLASSPATH, jarClassPath));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return Context.create(settings);
    }

    /** Starts a child that sends back the JVM options it was started with, and waits for it to exit. */
    static String argumentsOfAChild(Context mp) {
        Queue<String> out = mp.queue();
        ChildProcess child = mp.process(() -> out.put(String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments()))).start();
        assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
        assertEquals(0, child.exitCode().orElseThrow(), "the child's exit code");
        return out.get(Duration.ofSeconds(10));
    }

    /** The archive, once the builder has exited and the probe JVM has checked it, other than {@code not}. */
    private Path awaitArchive(Path... not) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(cacheDir)) {
                List<Path> archives = files.filter(p -> p.toString().endsWith(".jsa"))
                        .filter(p -> !List.of(not).contains(p)).toList();
                if (!archives.isEmpty()) {
                    return archives.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no archive was built in " + cacheDir);
    }

    private static void jar(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(dir.relativize(p).toString().replace(File.separatorChar, '/')));
                try {
                    Files.copy(p, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.closeEntry();
            }
        }
    }
}
