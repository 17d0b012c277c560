package io.ipc4j.internal.manager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ipc4j.internal.manager.Callers.awaitBlocked;
import static io.ipc4j.internal.manager.Callers.start;
import static org.junit.jupiter.api.Assertions.*;

/** The managed queue as the server holds it. */
@Timeout(60)
class ServerQueueTest {

    @Test
    void aBoundedQueueIsFifoAndSaysFullAndEmpty() throws Exception {
        ServerQueue q = new ServerQueue(2, false);
        assertTrue(q.offer("a", -1));
        assertTrue(q.offer(null, 0));
        assertFalse(q.offer("c", 0));
        assertFalse(q.offer("c", 20_000_000L));
        assertEquals(2, q.qsize());
        assertArrayEquals(new Object[] {"a"}, q.poll(-1));
        assertArrayEquals(new Object[] {null}, q.poll(0), "a null item is told from no item");
        assertNull(q.poll(0));
        assertNull(q.poll(20_000_000L));
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinWaitsForEveryItemToBeDone() throws Exception {
        ServerQueue q = new ServerQueue(0, true);
        q.offer(1, -1);
        q.offer(2, -1);
        assertFalse(q.join(10_000_000L));
        Callers.Started<Boolean> joiner = start(1, 1, () -> q.join(-1));
        q.poll(-1);
        q.taskDone();
        q.poll(-1);
        Thread.sleep(20);
        assertFalse(joiner.result().isDone());
        q.taskDone();
        assertTrue(joiner.result().get(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void interruptedGetsAndPutsLoseAndDuplicateNothing() throws Exception {
        ServerQueue q = new ServerQueue(4, false);
        int n = 2000;
        Callers.Started<Void> producer = start(1, 1, () -> {
            for (int i = 0; i < n; i++) {
                while (true) {
                    try {
                        q.offer(i, -1);
                        break;
                    } catch (InterruptedException retry) {
                        // not put: put it again
                    }
                }
            }
            return null;
        });
        BitSet seen = new BitSet();
        List<Integer> dupes = new ArrayList<>();
        Callers.Started<Void> consumer = start(2, 1, () -> {
            int got = 0;
            while (got < n) {
                try {
                    int i = (Integer) q.poll(-1)[0];
                    if (seen.get(i)) {
                        dupes.add(i);
                    }
                    seen.set(i);
                    got++;
                } catch (InterruptedException retry) {
                    // nothing taken
                }
            }
            return null;
        });
        while (!consumer.result().isDone() || !producer.result().isDone()) {
            producer.thread().interrupt();
            consumer.thread().interrupt();
            Thread.sleep(0, 200_000);
        }
        producer.result().get(10, TimeUnit.SECONDS);
        consumer.result().get(10, TimeUnit.SECONDS);
        assertEquals(n, seen.cardinality());
        assertEquals(List.of(), dupes);
        assertEquals(0, q.qsize());
    }

    @Test
    void anInterruptedGetPassesTheItemItWasWokenForOn() throws Exception {
        ServerQueue q = new ServerQueue(0, false);
        Callers.Started<Object[]> a = start(1, 1, () -> q.poll(-1));
        awaitBlocked(a.thread());
        Callers.Started<Object[]> b = start(2, 1, () -> q.poll(-1));
        awaitBlocked(b.thread());
        a.thread().interrupt();
        assertInstanceOf(InterruptedException.class,
                assertThrows(ExecutionException.class, () -> a.result().get(10, TimeUnit.SECONDS)).getCause());
        q.offer("x", -1);
        assertArrayEquals(new Object[] {"x"}, b.result().get(10, TimeUnit.SECONDS));
    }
}
