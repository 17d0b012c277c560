package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A manager's queues, values and locks used from children and pool workers (the suites of
 * values, arrays and primitives run on a manager in ipc-mmap, with ipc4j.shared=manager).
 */
@Timeout(120)
class ManagerObjectsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Context mp;
    static Manager m;

    @BeforeAll
    static void start() {
        startOn("uds");
    }

    /** Starts the context on {@code channel} (a subclass's own {@code start} hides the one above) and its manager. */
    static void startOn(String channel) {
        mp = Context.create(Map.of(Config.CHANNEL, channel));
        m = mp.manager();
    }

    @AfterAll
    static void stop() {
        m.close();
        mp.close();
    }

    @Test
    void aBoundedQueueCarriesItemsFromAChildInOrderWithCPythonsLimits() {
        Queue<Integer> q = m.queue(2);
        assertEquals(2, q.maxsize());
        ChildProcess producer = mp.process(() -> {
            for (int i = 0; i < 5; i++) {
                q.put(i);
            }
        }).start();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(q.get(WAIT));
        }
        assertEquals(List.of(0, 1, 2, 3, 4), got);
        assertTrue(producer.join(WAIT));
        assertEquals(0, producer.exitCode().orElseThrow());
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(50)));
        assertThrows(QueueEmptyException.class, q::getNowait);
        q.put(null);
        q.putNowait(7);
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(8));
        assertThrows(QueueFullException.class, () -> q.put(8, Duration.ofMillis(50)));
        assertNull(q.get());
        assertEquals(7, q.get());
        assertTrue(q.empty());
    }

    @Test
    void aJoinableQueueIsJoinedOnceAChildMarksEveryItemDone() {
        JoinableQueue<String> jq = m.joinableQueue();
        for (String s : List.of("a", "b", "c")) {
            jq.put(s);
        }
        assertFalse(jq.join(Duration.ofMillis(50)));
        ChildProcess worker = mp.process(() -> {
            for (int i = 0; i < 3; i++) {
                jq.get();
                jq.taskDone();
            }
        }).start();
        assertTrue(jq.join(WAIT));
        assertTrue(worker.join(WAIT));
        assertThrows(IllegalStateException.class, jq::taskDone);
        Queue<String> plain = m.queue();
        assertThrows(IllegalStateException.class, ((JoinableQueue<String>) plain)::taskDone);
    }

    @Test
    void poolWorkersPutIntoAManagerQueue() {
        Queue<Integer> q = m.queue();
        try (Pool pool = mp.pool(2)) {
            pool.map(x -> {
                q.put(x * x);
                return x;
            }, List.of(1, 2, 3, 4));
        }
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(q.get(WAIT));
        }
        got.sort(null);
        assertEquals(List.of(1, 4, 9, 16), got);
    }

    @Test
    void aValueSentThroughAQueueReachesTheSameValueAndItsOwnLock() {
        IntValue v = m.intValue(1);
        Event holding = m.event();
        Event done = m.event();
        Queue<IntValue> q = m.queue();
        q.put(v);
        ChildProcess child = mp.process(() -> {
            IntValue got = q.get();
            got.addAndGet(41);
            try (Held h = got.lock().acquire()) {
                holding.set();
                done.waitFor();
            }
        }).start();
        assertTrue(holding.waitFor(WAIT));
        assertEquals(42, v.get());
        assertTrue(v.lock().isLocked(), "the child holds the lock of the same value");
        assertFalse(v.lock().tryAcquire());
        done.set();
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow());
        assertFalse(v.lock().isLocked());
        Lock shared = m.lock();
        assertNotSame(shared, v.lock());
    }

    @Test
    void valuesArraysAndPrimitivesNoLongerReferencedAreFreedInTheManager() throws Exception {
        try (Manager own = mp.manager()) {
            assertEquals(0, own.liveObjects());
            List<Object> made = new ArrayList<>(List.of(own.intValue(1), own.longArray(new long[] {1, 2}),
                    own.condition(), own.barrier(2), own.boundedSemaphore(1), own.joinableQueue()));
            assertEquals(9, own.liveObjects(), "a value and an array have a lock each, a condition its RLock");
            made.clear();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (own.liveObjects() > 0 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertEquals(0, own.liveObjects());
        }
    }

    @Test
    void aConsumerKilledWhileItWaitsForAnItemTakesNone() throws Exception {
        Queue<String> q = m.queue();
        IntValue waiting = m.intValue(0);
        ChildProcess consumer = mp.process(() -> {
            waiting.set(1);
            q.get();
            System.exit(3);
        }).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (waiting.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        consumer.kill();
        assertTrue(consumer.join(WAIT));
        Thread.sleep(3000); // several wait slices: the manager has seen the consumer go, however loaded
        q.put("only");
        assertEquals("only", q.get(Duration.ofSeconds(10)), "the dead consumer's get took the item");
    }
}
