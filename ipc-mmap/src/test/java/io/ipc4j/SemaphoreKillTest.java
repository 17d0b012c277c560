package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Children that take and give back permits as fast as they can are killed with SIGKILL at
 * random moments, often inside the semaphore's internal mutex; after each kill the permits
 * are all there again, no fewer (lost) and no more (invented).
 */
@Timeout(300)
class SemaphoreKillTest {
    private static final int PERMITS = 2;
    private static final int ROUNDS = 5;

    @Test
    void killingHoldersAtAnyMomentNeitherLosesNorInventsAPermit() throws Exception {
        // Spare JVMs start while a round runs, so that the next round's children are ready.
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "2"))) {
            for (boolean bounded : new boolean[] {false, true}) {
                Semaphore s = bounded ? mp.boundedSemaphore(PERMITS) : mp.semaphore(PERMITS);
                IntValue turns = mp.intValue(0);
                for (int round = 0; round < ROUNDS; round++) {
                    List<ChildProcess> children = new ArrayList<>();
                    for (int c = 0; c < 2; c++) {
                        children.add(mp.process((Semaphore sem, IntValue n) -> {
                            while (true) {
                                sem.acquire();
                                sem.release();
                                n.getAndAdd(1);
                            }
                        }, s, turns).start());
                    }
                    int before = turns.get();
                    while (turns.get() - before < 2_000) {
                        Thread.onSpinWait();
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(20));
                    for (ChildProcess child : children) {
                        child.kill();
                        assertTrue(child.join(Duration.ofSeconds(60)));
                    }
                    assertAllPermitsThere(s, "round " + round + (bounded ? " (bounded)" : ""));
                }
            }
        }
    }

    private static void assertAllPermitsThere(Semaphore s, String when) {
        for (int i = 0; i < PERMITS; i++) {
            assertTrue(s.tryAcquire(Duration.ofSeconds(10)), "a permit was lost in " + when);
        }
        assertFalse(s.tryAcquire(Duration.ofMillis(50)), "a permit was invented in " + when);
        assertEquals(0, s.value(), when);
        for (int i = 0; i < PERMITS; i++) {
            s.release();
        }
        assertEquals(PERMITS, s.value(), when);
    }
}
