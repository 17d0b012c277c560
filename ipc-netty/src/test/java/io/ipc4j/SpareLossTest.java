package io.ipc4j;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A spare that dies before it has a target (killed, say) is replaced in the background:
 * {@code awaitSpares} comes back true, and the next start runs on the new spare.
 */
@Timeout(180)
class SpareLossTest {
    /** The child JVMs started since the test began: its context's. */
    private ChildJvms jvms;

    @BeforeEach
    void noteTheJvmsAlreadyThere() {
        jvms = ChildJvms.since();
    }

    @Test
    void aSpareKilledWhileItWaitsIsReplaced() throws Exception {
        // no class-data archive: its builder would be a second child JVM to tell apart
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "1", Config.CHILD_CDS, "off"))) {
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spare did not come up");
            Set<Long> spares = jvms.started();
            assertEquals(1, spares.size(), "expected one spare JVM: " + spares);
            long killed = spares.iterator().next();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            ProcessHandle.of(killed).ifPresent(p -> p.onExit().join());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<Long> now = jvms.started();
            while (!(now.size() == 1 && !now.contains(killed) && mp.awaitSpares(Duration.ofSeconds(1)))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                now = jvms.started();
            }
            assertEquals(1, now.size(), "no spare took the place of the one killed: " + now);
            assertFalse(now.contains(killed));
            assertTrue(mp.awaitSpares(Duration.ofSeconds(1)), "the new spare is not ready");

            Queue<Long> pids = mp.queue();
            ChildProcess child = mp.process(SpareLossTest::reportPid, pids).start();
            assertEquals(now.iterator().next(), pids.get(Duration.ofSeconds(60)), "the start did not take the new spare");
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode().orElse(-1));
        }
    }

    /**
     * Spares killed at random moments (booting, dialing, warming up, ready) while starts take
     * spares: every start either runs its target exactly once, or its child is one that was
     * killed; the context still has its spares at the end, and leaves no JVM behind.
     */
    @Test
    void sparesKilledAtRandomMomentsCostNoStartItsTarget() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        Set<Long> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "2", Config.CHILD_CDS, "off"))) {
            Queue<Integer> ran = mp.queue();
            List<ChildProcess> started = new ArrayList<>();
            Set<Long> ours = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 10; round++) {
                Thread.sleep(random.nextInt(400));
                // a spare now: any child JVM that is not one of the started children
                List<Long> spares = new ArrayList<>(jvms.started());
                spares.removeAll(ours);
                if (!spares.isEmpty() && random.nextInt(4) > 0) {
                    long victim = spares.get(random.nextInt(spares.size()));
                    killed.add(victim);
                    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                }
                int id = round;
                ChildProcess child = mp.process(() -> ran.put(id)).start();
                ours.add(child.pid());
                started.add(child);
            }
            assertFalse(killed.isEmpty(), "seed " + seed + ": no spare was there to kill");
            Map<Integer, Integer> times = new java.util.HashMap<>();
            for (int round = 0; round < started.size(); round++) {
                ChildProcess child = started.get(round);
                assertTrue(child.join(Duration.ofSeconds(90)), "seed " + seed + ": child " + round + " did not end");
                if (child.exitCode().orElse(-1) != 0) {
                    assertTrue(killed.contains(child.pid()), "seed " + seed + ": child " + round + " (pid " + child.pid()
                            + ", not killed here) failed with " + child.exitCode());
                } else {
                    times.merge(round, 0, Integer::sum);
                }
            }
            for (int i = 0; i < times.size(); i++) {
                int id = ran.get(Duration.ofSeconds(30));
                assertTrue(times.containsKey(id), "seed " + seed + ": target " + id + " ran, yet its child failed");
                times.merge(id, 1, Integer::sum);
            }
            assertThrows(QueueEmptyException.class, () -> ran.get(Duration.ofMillis(300)),
                    "seed " + seed + ": a target ran twice, or one whose child failed ran");
            for (Map.Entry<Integer, Integer> e : times.entrySet()) {
                assertEquals(1, e.getValue(), "seed " + seed + ": target " + e.getKey() + " ran that many times");
            }
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "seed " + seed + ": the spares were not replaced");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!jvms.started().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Set.of(), jvms.started(), "seed " + seed + ": child JVMs left after the context closed");
    }

    private static void reportPid(Queue<Long> pids) {
        pids.put(ProcessHandle.current().pid());
    }
}
