package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Object graphs nested thousands of levels deep (a linked list of the user's own nodes) through
 * pools, queues, pipes and targets: they arrive, or fail with a SerializationException in the
 * caller, and the JVMs on both sides go on working. Each scenario runs in a coordinator JVM of
 * its own ({@link DeepGraphScenarios}), so a JVM this breaks cannot hide the failure.
 */
@Timeout(180)
class DeepGraphTest {

    @ParameterizedTest
    @ValueSource(strings = {"pool", "queue", "too-deep", "peer", "small-stack"})
    void scenarioPassesInItsOwnCoordinator(String scenario) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeepGraphScenarios.class.getName(), scenario);
        pb.redirectErrorStream(true);
        Process coordinator = pb.start();
        try {
            String output = new String(coordinator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(coordinator.waitFor(150, TimeUnit.SECONDS));
            assertEquals(0, coordinator.exitValue(), output);
            assertTrue(output.contains("passed " + scenario), output);
        } finally {
            coordinator.destroyForcibly();
        }
    }
}
