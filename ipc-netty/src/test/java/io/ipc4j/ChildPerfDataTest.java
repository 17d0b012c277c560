package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Children run with {@code -XX:-UsePerfData} by default: a JVM with performance data makes
 * a file under {@code /tmp/hsperfdata_<user>} when it starts and removes it when it exits,
 * work a child's start and exit pay for nothing ({@code jcmd <pid>} works without it).
 * The child looks for its own file.
 */
@Timeout(120)
class ChildPerfDataTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aChildMakesNoPerformanceDataFile() {
        try (Context mp = Context.create()) {
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Queue<String> out) -> {
                Path own = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                        Long.toString(ProcessHandle.current().pid()));
                out.put(Files.exists(own) ? "made " + own : "none");
            }, q).start();
            assertEquals("none", q.get(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
    }

    @Test
    void theChildJvmArgsSettingReplacesTheDefaults() {
        try (Context mp = Context.create(java.util.Map.of(Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC"))) {
            Queue<Boolean> q = mp.queue();
            ChildProcess child = mp.process((Queue<Boolean> out) -> out.put(Files.exists(Path.of("/tmp",
                    "hsperfdata_" + System.getProperty("user.name"), Long.toString(ProcessHandle.current().pid())))),
                    q).start();
            assertTrue(q.get(WAIT), "a child started with performance data has no file");
            assertTrue(child.join(WAIT));
        }
    }
}
