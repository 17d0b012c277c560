package io.ipc4j.hazelcast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no cluster configured, nothing of Hazelcast loads, even with ipc-hazelcast on the class path. */
class SingleMachineTest {
    @Test
    @Timeout(60)
    void aContextWithoutAClusterLoadsNoHazelcastClass() throws Exception {
        Process coordinator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CoordinatorMain.class.getName(), "local").redirectErrorStream(true).start();
        String out = new String(coordinator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, coordinator.waitFor(), out);
        assertTrue(out.contains("local child: done"), out);
        assertTrue(out.contains("io.ipc4j.internal.Clusters"), "the check ran");
        assertFalse(out.contains("com.hazelcast"), "a Hazelcast class was loaded");
        assertFalse(java.util.regex.Pattern.compile("io\\.ipc4j\\.hazelcast\\.(?!CoordinatorMain)").matcher(out).find(),
                "a class of ipc-hazelcast was loaded");
    }
}
