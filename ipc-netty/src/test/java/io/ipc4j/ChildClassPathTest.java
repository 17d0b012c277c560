package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Children load the classes of the code that asked for them, however its JVM was launched. */
@Timeout(120)
class ChildClassPathTest {

    @Test
    void aProgramInAClassLoaderOfItsOwnStartsChildrenThatFindItsClasses(@TempDir Path launcherDir) throws Exception {
        String resource = "io/ipc4j/IsolatedLauncherMain.class";
        Path copy = launcherDir.resolve(resource);
        Files.createDirectories(copy.getParent());
        try (InputStream in = ChildClassPathTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, copy);
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", launcherDir.toString(), IsolatedLauncherMain.class.getName(),
                System.getProperty("java.class.path"), ExecJavaStyleMain.class.getName());
        pb.redirectErrorStream(true);
        Process coordinator = pb.start();
        String out;
        try (InputStream in = coordinator.getInputStream()) {
            assertTrue(coordinator.waitFor(90, TimeUnit.SECONDS), "the program did not finish");
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            coordinator.destroyForcibly();
        }
        assertTrue(out.contains("queue 42 pool [2, 4, 6]"), out);
        assertEquals(0, coordinator.exitValue(), out);
    }

    @Test
    void aChildJvmThatEndsBeforeItConnectsIsLoggedWithItsClassPath() throws Exception {
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        // A class path the check at start() cannot fault, and a JVM that refuses to start anyway.
        try (Context mp = Context.create(Map.of(Config.CHILD_CLASSPATH, "/nonexistent-ipc4j-classes" + File.pathSeparator
                + System.getProperty("java.class.path"), Config.CHILD_JVM_ARGS, "-XX:+Ipc4jNoSuchOption"))) {
            ChildProcess child = mp.process(() -> { }).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "join waited for a child that never ran");
            assertNotEquals(0, child.exitCode().orElseThrow());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!err.toString(StandardCharsets.UTF_8).contains("before it connected") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(realErr);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("before it connected to its coordinator"), printed);
        assertTrue(printed.contains("/nonexistent-ipc4j-classes"), printed);
        assertTrue(printed.contains(Config.CHILD_CLASSPATH), printed);
    }
}
