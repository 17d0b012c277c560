package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context on {@code uds} (the default) puts its manager's connections on the shared-memory
 * channel when this JVM can use it, and its children reach it there; a JVM without Agrona's
 * flag keeps them on {@code uds}.
 */
@Timeout(120)
class ManagerChannelChoiceTest {
    @Test
    void aContextOnUdsPutsItsManagerOnShmWhereThisJvmCanUseIt() {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "uds")); Manager m = mp.manager()) {
            assertTrue(m.toString().startsWith("Manager[shm:"), m::toString);
            Map<String, Integer> d = m.dict();
            ChildProcess child = mp.process(() -> d.put("child", 7)).start();
            child.join();
            assertEquals(0, child.exitCode().orElse(-1));
            assertEquals(7, d.get("child"));
        }
    }

    @Test
    void aJvmWithoutAgronasFlagKeepsItsManagerOnUds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ManagerOnUdsMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Manager[uds:") && out.contains("child=7"), out);
    }
}
