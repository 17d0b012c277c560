package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context on {@code uds} (the default) puts its manager's connections on the shared-memory
 * channel whenever ipc-mmap is on the class path, in a JVM started with no flag at all, and
 * its children reach it there; {@code ipc4j.manager.channel=uds} keeps them on a Unix socket.
 */
@Timeout(120)
class ManagerChannelChoiceTest {
    @Test
    void aContextOnUdsPutsItsManagerOnShm() {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "uds")); Manager m = mp.manager()) {
            assertTrue(m.toString().startsWith("Manager[shm:"), m::toString);
            Map<String, Integer> d = m.dict();
            ChildProcess child = mp.process(() -> d.put("child", 7)).start();
            child.join();
            assertEquals(0, child.exitCode().orElse(-1));
            assertEquals(7, d.get("child"));
        }
    }

    private static String runWithoutFlags(String... settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ManagerChannelMain.class.getName()));
        command.addAll(List.of(settings));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** A user's coordinator, started as {@code java -cp ... Main}: no --add-exports or other flag. */
    @Test
    void aCoordinatorStartedWithNoFlagPutsItsManagerOnShm() throws Exception {
        String out = runWithoutFlags();
        assertTrue(out.contains("Manager[shm:") && out.contains("child=7"), out);
    }

    @Test
    void theManagerChannelSettingKeepsManagersOnUds() throws Exception {
        String out = runWithoutFlags(Config.MANAGER_CHANNEL + "=uds");
        assertTrue(out.contains("Manager[uds:") && out.contains("child=7"), out);
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "shm", Config.MANAGER_CHANNEL, "uds"));
             Manager m = mp.manager()) {
            assertTrue(m.toString().startsWith("Manager[uds:"), m::toString);
            Map<String, Integer> d = m.dict();
            d.put("here", 1);
            assertEquals(1, d.get("here"));
        }
    }

    @Test
    void aManagerChannelThatCannotBeMetFailsTheContextNamingTheSetting() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Context.create(Map.of(Config.MANAGER_CHANNEL, "pigeon")).close());
        assertTrue(unknown.getMessage().contains(Config.MANAGER_CHANNEL) && unknown.getMessage().contains("pigeon"),
                unknown::getMessage);
        IllegalArgumentException overTcp = assertThrows(IllegalArgumentException.class,
                () -> Context.create(Map.of(Config.CHANNEL, "tcp", Config.MANAGER_CHANNEL, "shm")).close());
        assertTrue(overTcp.getMessage().contains(Config.MANAGER_CHANNEL + "=shm"), overTcp::getMessage);
    }
}
