package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A close in one thread racing a get or put in another: the loser gets IllegalStateException,
 * and no thread reads the files after they were unmapped (which crashes the JVM with SIGSEGV).
 */
@Timeout(180)
class ChronicleCloseRaceTest {
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Context mp = fx.mp;

    @AfterEach
    void close() {
        fx.close();
    }

    /** In a child, so that a crash fails the test instead of the test JVM. */
    static void race(String root, int rounds) throws Exception {
        Random random = new Random();
        try (ChronicleQueues queues = new ChronicleQueues(Path.of(root))) {
            for (int round = 0; round < rounds; round++) {
                ChronicleQueueHandle<Integer> q = queues.create(0, false);
                for (int i = 0; i < 2000; i++) {
                    q.put(i);
                }
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread taker = new Thread(() -> {
                    try {
                        while (true) {
                            q.get(Duration.ofSeconds(5));
                        }
                    } catch (IllegalStateException closed) {
                        // lost the race to close(): as it should
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                Thread putter = new Thread(() -> {
                    try {
                        while (true) {
                            q.put(1);
                        }
                    } catch (IllegalStateException closed) {
                        // lost the race to close()
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                taker.start();
                putter.start();
                Thread.sleep(random.nextInt(3));
                q.close();
                taker.join(30_000);
                putter.join(30_000);
                if (failed.get() != null) {
                    throw new AssertionError("round " + round, failed.get());
                }
            }
        }
    }

    @Test
    void aCloseRacingAGetAndAPutInOtherThreadsNeverReadsUnmappedFiles() throws Exception {
        String root = fx.root.resolve("race").toString();
        ChildProcess child = mp.process(() -> race(root, 150)).start();
        assertTrue(child.join(Duration.ofSeconds(150)), "the racing child did not end");
        assertEquals(0, child.exitCode().orElseThrow(), "the racing child crashed or failed (see its output)");
    }
}
