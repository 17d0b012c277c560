package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A coordinator killed with SIGKILL leaves no segments: its orphaned children remove them. */
@Timeout(120)
class OrphanCleanupTest {

    @Test
    void childrenRemoveTheSegmentsOfAKilledCoordinator() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SharedOrphanCoordinatorMain.class.getName());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertNotNull(line, "the coordinator ended before reporting its segments");
            assertTrue(line.startsWith("shm-dir "), line);
            Path dir = Path.of(line.substring("shm-dir ".length()).trim());
            assertTrue(Files.isDirectory(dir));
            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(dir) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(dir), dir + " outlived its killed coordinator");
        } finally {
            coordinator.destroyForcibly();
        }
    }
}
