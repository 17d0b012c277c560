package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A spare reports ready only once it has taken a target's first steps on throwaway objects:
 * a pipe over the context's channel and a pool worker's loop, and loaded every channel transport,
 * and then has waited for its compilers to finish. Seen in the class-loading log
 * of the spare JVM, written before it has any target.
 */
@Timeout(180)
class SpareWarmUpTest {

    @Test
    void aReadySpareHasAlreadyRunAPipeAndAPoolWorkersSteps(@TempDir Path dir) throws Exception {
        String log = "-Xlog:class+load=info:file=" + dir.resolve("spare-%p.log");
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "1",
                Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC " + log))) {
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spare was not ready");
            String loaded = spareLog(dir);
            for (String c : List.of("io.ipc4j.netty.DirectSocketChannel", "io.ipc4j.internal.pool.Task",
                    "io.ipc4j.internal.pool.PoolProtocol$WorkerEnd", "io.ipc4j.Context ",
                    "io.ipc4j.internal.pipe.PipeEndpoint ", "io.ipc4j.internal.Lifetimes ",
                    // every channel transport (the spare dialed on uds)
                    "io.ipc4j.netty.NettyTransport$Tcp ",
                    // and then it waited for its compilers, watching its CPU time
                    "com.sun.management.internal.OperatingSystemImpl ")) {
                assertTrue(loaded.contains(c), "the ready spare has not loaded " + c.trim());
            }
            // and the spare still runs its target
            try (Pool pool = mp.pool(1)) {
                assertEquals(49L, (long) pool.apply(() -> 7L * 7L));
            }
        }
    }

    private static String spareLog(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith("spare-")).toList();
            assertEquals(1, logs.size(), "expected the log of one spare JVM: " + logs);
            return Files.readString(logs.get(0));
        }
    }
}
