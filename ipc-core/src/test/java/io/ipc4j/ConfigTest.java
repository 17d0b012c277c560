package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Settings come from ipc4j.properties, then -Dipc4j.*, then IPC4J_* variables, then overrides. */
@Timeout(60)
class ConfigTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(Config.CHILD_SPARES);
        System.clearProperty(Config.PIPE_LINGER);
    }

    @Test
    void aSettingGivenWithItsDefaultValueCountsAsGiven() {
        assertFalse(Config.load(Map.of()).isGiven(Config.SHARED));
        assertTrue(Config.load(Map.of(Config.SHARED, "mmap")).isGiven(Config.SHARED));
        System.setProperty(Config.CHILD_SPARES, "0");
        assertTrue(Config.load(Map.of()).isGiven(Config.CHILD_SPARES));
        assertEquals("mmap", Config.load(Map.of()).get(Config.SHARED));
    }

    @Test
    void unknownSettingsAreNamedAndWarnedAboutOnce() {
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            Config c = Config.load(Map.of("ipc4j.chanel", "tcp", Config.CHANNEL, "uds"));
            Config.load(Map.of("ipc4j.chanel", "tcp"));
            assertEquals(java.util.Set.of("ipc4j.chanel"), c.unknownKeys());
        } finally {
            System.setErr(realErr);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("unknown setting ipc4j.chanel"), printed);
        assertEquals(printed.indexOf("ipc4j.chanel is ignored"), printed.lastIndexOf("ipc4j.chanel is ignored"),
                "warned once: " + printed);
        assertTrue(Config.load(Map.of()).unknownKeys().isEmpty());
    }

    @Test
    void laterSourcesWin() {
        Config fromFile = Config.load(Map.of());
        assertEquals("7", fromFile.get(Config.PIPE_LINGER), "ipc4j.properties on the class path");
        assertEquals("3", fromFile.get(Config.CHILD_SPARES));
        assertEquals("uds", fromFile.get(Config.CHANNEL), "a default nobody overrode");

        System.setProperty(Config.CHILD_SPARES, "2");
        Config withProperty = Config.load(Map.of());
        assertEquals("2", withProperty.get(Config.CHILD_SPARES), "-D beats the file");
        assertEquals("7", withProperty.get(Config.PIPE_LINGER));

        Config withOverride = Config.load(Map.of(Config.CHILD_SPARES, "1"));
        assertEquals("1", withOverride.get(Config.CHILD_SPARES), "overrides beat everything");
    }

    @Test
    void environmentBeatsSystemPropertiesAndTheFile() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + Config.PIPE_LINGER + "=9", "-D" + Config.CHILD_SPARES + "=5",
                "-cp", System.getProperty("java.class.path"), ConfigPrinterMain.class.getName(),
                Config.PIPE_LINGER, Config.CHILD_SPARES, Config.TCP_BIND);
        pb.environment().put("IPC4J_CHILD_SPARES", "4");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains(Config.PIPE_LINGER + "=9"), out);
        assertTrue(out.contains(Config.CHILD_SPARES + "=4"), "IPC4J_CHILD_SPARES beats -D: " + out);
        assertTrue(out.contains(Config.TCP_BIND + "=127.0.0.2"), "the file still counts: " + out);
    }

    @Test
    void aSettingThatIsNoneOfItsWordsFailsNamingThem() {
        Config typo = Config.load(Map.of(Config.CHILD_CDS, "directories_last"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, typo::checkWords);
        assertTrue(e.getMessage().contains(Config.CHILD_CDS) && e.getMessage().contains("directories-last")
                && e.getMessage().contains("'directories_last'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Config.load(Map.of(Config.CHILD_OUTPUT, "inherited")).checkWords());
        assertTrue(e.getMessage().contains(Config.CHILD_OUTPUT) && e.getMessage().contains("inherit"), e.getMessage());
        Config spaced = Config.load(Map.of(Config.CHILD_CDS, " off "));
        spaced.checkWords();
        assertEquals("off", spaced.get(Config.CHILD_CDS), "a value given in the map is trimmed, as from other sources");
        Config.load(Map.of(Config.CHILD_CDS, "")).checkWords(); // empty: the default, as for other settings
        Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put(Config.CHILD_CDS, null);
        assertEquals("auto", Config.load(withNull).get(Config.CHILD_CDS), "a null value leaves the default");
    }

    @Test
    void aSettingThatIsNotANumberIsNamed() {
        Config c = Config.load(Map.of(Config.PIPE_LINGER, "soon"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getInt(Config.PIPE_LINGER));
        assertTrue(e.getMessage().contains(Config.PIPE_LINGER), e.getMessage());
    }
}
