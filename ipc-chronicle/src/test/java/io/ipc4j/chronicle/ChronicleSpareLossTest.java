package io.ipc4j.chronicle;

import io.ipc4j.ChildJvms;
import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Spares of a context on Chronicle queues killed with {@code kill -9} at random moments, most
 * of them in the middle of their Chronicle warm-up (scratch queues made, a second appender
 * holding the write lock, a second taker racing), while starts take spares: every target puts
 * its items on a queue of the context exactly once or its child was one killed, the spares
 * come back, and the context's close leaves nothing in its queue directory or its JVMs.
 */
@Timeout(240)
class ChronicleSpareLossTest {
    private static final int ITEMS = 100;

    /** The child JVMs started since the test began: its context's. */
    private ChildJvms jvms;

    @BeforeEach
    void noteTheJvmsAlreadyThere() {
        jvms = ChildJvms.since();
    }

    @Test
    void sparesKilledWhileTheyWarmUpCostNoTargetItsItems() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Set<Long> killed = ConcurrentHashMap.newKeySet();
        Path root;
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle", Config.CHILD_SPARES, "2",
                Config.CHILD_CDS, "off"))) {
            Queue<Integer> items = mp.queue();
            root = ((ChronicleQueueHandle<?>) items).directory().getParent();
            List<ChildProcess> started = new ArrayList<>();
            Set<Long> ours = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 6; round++) {
                Thread.sleep(random.nextInt(1500));
                List<Long> spares = new ArrayList<>(jvms.started());
                spares.removeAll(ours);
                if (!spares.isEmpty()) {
                    long victim = spares.get(random.nextInt(spares.size()));
                    killed.add(victim);
                    ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                }
                int id = round;
                ChildProcess child = mp.process(() -> {
                    for (int i = 0; i < ITEMS; i++) {
                        items.put(id * ITEMS + i);
                    }
                }).start();
                ours.add(child.pid());
                started.add(child);
            }
            assertFalse(killed.isEmpty(), "seed " + seed + ": no spare was there to kill");
            Map<Integer, Integer> expected = new HashMap<>();
            for (int round = 0; round < started.size(); round++) {
                ChildProcess child = started.get(round);
                assertTrue(child.join(Duration.ofSeconds(120)), "seed " + seed + ": child " + round + " did not end");
                if (child.exitCode().orElse(-1) == 0) {
                    for (int i = 0; i < ITEMS; i++) {
                        expected.put(round * ITEMS + i, 0);
                    }
                } else {
                    assertTrue(killed.contains(child.pid()), "seed " + seed + ": child " + round + " (pid " + child.pid()
                            + ", not killed here) failed with " + child.exitCode());
                }
            }
            for (int i = 0; i < expected.size(); i++) {
                int item = items.get(Duration.ofSeconds(30));
                assertTrue(expected.containsKey(item), "seed " + seed + ": item " + item + " of a failed child, or none");
                assertEquals(0, expected.put(item, 1), "seed " + seed + ": item " + item + " taken twice");
            }
            assertThrows(QueueEmptyException.class, () -> items.get(Duration.ofMillis(300)),
                    "seed " + seed + ": more items than the targets that ended put");
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "seed " + seed + ": the spares were not replaced");
        }
        assertFalse(Files.exists(root), "seed " + seed + ": the context's queue directory was left: " + root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!jvms.started().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Set.of(), jvms.started(), "seed " + seed + ": child JVMs left after the context closed");
    }
}
