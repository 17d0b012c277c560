package io.ipc4j.chronicle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A fresh JVM using a Chronicle queue: without the JVM options it is told which; with them it is silent. */
@Timeout(120)
class ChronicleJvmFlagsTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(List<String> jvmOptions, Path home, Path root) throws Exception {
        return run(jvmOptions, home, ChronicleProbeMain.class, root.toString());
    }

    private static Outcome run(List<String> jvmOptions, Path home, Class<?> main, String... args) throws Exception {
        return run(jvmOptions, home, null, main, args);
    }

    private static Outcome run(List<String> jvmOptions, Path home, Path workingDir, Class<?> main, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Duser.home=" + home);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the probe JVM did not end");
        return new Outcome(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aCoordinatorWithoutChroniclesOptionsFailsAtCreateAndOneWithThemGivesThemToItsChildren(@TempDir Path home)
            throws Exception {
        Outcome without = run(List.of(), home, ChronicleContextProbeMain.class);
        assertNotEquals(0, without.exit());
        assertTrue(without.err().contains(MissingJvmFlagsException.class.getName()), without.err());
        assertTrue(without.err().contains("Context.create"), "not refused at Context.create: " + without.err());
        for (String flag : ChronicleJvmFlags.required()) {
            assertTrue(without.err().contains(flag), "the message lacks " + flag + ": " + without.err());
        }
        Outcome with = run(ChronicleJvmFlags.required(), home, ChronicleContextProbeMain.class);
        assertEquals(0, with.exit(), with.err());
        assertEquals("ok" + System.lineSeparator(), with.out(), with.err());
    }

    @Test
    void aJvmWithoutChroniclesOptionsIsToldWhichToAdd(@TempDir Path home) throws Exception {
        Path root = ChronicleFixture.freshRoot();
        try {
            Outcome o = run(List.of(), home, root);
            assertNotEquals(0, o.exit());
            assertTrue(o.err().contains(MissingJvmFlagsException.class.getName()), o.err());
            for (String flag : ChronicleJvmFlags.required()) {
                assertTrue(o.err().contains(flag), "the message lacks " + flag + ": " + o.err());
            }
            assertFalse(o.err().contains("IllegalAccessError") || o.err().contains("AssertionError"), o.err());
            assertEquals("", o.out());
        } finally {
            ChronicleQueues.deleteTree(root);
        }
    }

    @Test
    void aJvmThatLetsChronicleUnlockALiveWritersLockIsRefusedAtTheQueuesCreation(@TempDir Path home)
            throws Exception {
        Path root = ChronicleFixture.freshRoot();
        try {
            List<String> options = new ArrayList<>(ChronicleJvmFlags.required());
            options.add("-Dqueue.force.unlock.mode=ALWAYS");
            Outcome o = run(options, home, root);
            assertNotEquals(0, o.exit());
            assertTrue(o.err().contains("IllegalStateException") && o.err().contains("queue.force.unlock.mode=LOCKING_PROCESS_DEAD"),
                    o.err());
            assertEquals("", o.out());
        } finally {
            ChronicleQueues.deleteTree(root);
        }
    }

    @Test
    void aJvmWithThemUsesTheQueueWithoutAWordOnStdoutOrAnAnalyticsFile(@TempDir Path home) throws Exception {
        Path root = ChronicleFixture.freshRoot().resolve("queues");
        Outcome o = run(ChronicleJvmFlags.required(), home, root);
        assertEquals(0, o.exit(), o.err());
        assertEquals("ok" + System.lineSeparator(), o.out(), "stdout carries more than the program's own line");
        // JNA (loaded by Chronicle for POSIX calls) keeps its native stub in ~/.cache/JNA; nothing else may appear,
        // as Chronicle's usage analytics would (it writes its state in the home directory).
        try (Stream<Path> left = Files.walk(home)) {
            List<String> written = left.map(p -> home.relativize(p).toString())
                    .filter(p -> !p.isEmpty() && !p.equals(".cache") && !p.startsWith(".cache/JNA")).toList();
            assertEquals(List.of(), written, "Chronicle wrote in the home directory");
        }
        assertFalse(Files.exists(root), "the queues' directory is left behind");
        ChronicleQueues.deleteTree(root.getParent());
    }

    /**
     * Chronicle makes {@code <temp dir>/target} when no directory above the working one has a
     * {@code target}; the working directory here is under {@code /dev/shm}, away from any.
     */
    @Test
    void aJvmWorkingOutsideABuildLeavesNoTargetDirectoryInTheTempDirectory(@TempDir Path home) throws Exception {
        Path temp = Files.createDirectory(home.resolve("tmp"));
        Path work = Files.createTempDirectory(Path.of("/dev/shm"), "chronicle-cwd-");
        Path root = ChronicleFixture.freshRoot().resolve("queues");
        try {
            List<String> options = new ArrayList<>(ChronicleJvmFlags.required());
            options.add("-Djava.io.tmpdir=" + temp);
            Outcome o = run(options, home, work, ChronicleProbeMain.class, root.toString());
            assertEquals(0, o.exit(), o.err());
            try (Stream<Path> left = Files.list(temp)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(),
                        "left in the temp directory");
            }
        } finally {
            ChronicleQueues.deleteTree(work);
            ChronicleQueues.deleteTree(root.getParent());
        }
    }

    @Test
    void requiredOptionsAreTheOnesThisBuildGivesItsTests() {
        String argLine = String.join(" ", ChronicleJvmFlags.required());
        List<String> missing = ChronicleJvmFlags.missing(ChronicleJvmFlags.class.getModule());
        assertEquals(List.of(), missing, "this test JVM lacks " + missing + " (argLine should carry " + argLine + ")");
    }
}
