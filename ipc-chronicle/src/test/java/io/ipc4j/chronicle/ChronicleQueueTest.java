package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.JoinableQueue;
import io.ipc4j.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Queue behaviour across real child JVMs that get the handle as an argument or capture it. */
@Timeout(120)
class ChronicleQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Context mp = fx.mp;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void joinableQueueCountsTasksAcrossProcesses() {
        JoinableQueue<Integer> q = fx.queues.create(0, true);
        for (int i = 0; i < 10; i++) {
            q.put(i);
        }
        assertFalse(q.join(Duration.ofMillis(100)));
        ChildProcess worker = mp.process((JoinableQueue<Integer> in) -> {
            for (int i = 0; i < 10; i++) {
                in.get();
                in.taskDone();
            }
        }, q).start();
        assertTrue(q.join(WAIT));
        assertTrue(worker.join(WAIT));
        assertEquals(0, worker.exitCode().orElseThrow());
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void anItemTakenByAConsumerThatDiesBeforeTaskDoneStaysUnfinished() {
        JoinableQueue<Integer> q = fx.queues.create(0, true);
        Queue<String> report = mp.queue();
        q.put(1);
        q.put(2);
        ChildProcess doomed = mp.process((JoinableQueue<Integer> in, Queue<String> r) -> {
            in.get();
            r.put("took");
            Thread.sleep(60_000);
        }, q, report).start();
        assertEquals("took", report.get(WAIT));
        doomed.kill();
        assertTrue(doomed.join(WAIT));
        assertEquals(2, q.get(WAIT));
        q.taskDone();
        assertFalse(q.join(Duration.ofMillis(500)), "join returned although the dead consumer's item was not done");
        assertEquals(0, q.qsize());
    }

    static void produce(Queue<Long> q, long[] range) {
        for (long i = range[0]; i < range[1]; i++) {
            q.put(i);
        }
    }

    static void consume(Queue<Long> in, Queue<long[]> out) {
        long count = 0;
        long sum = 0;
        long squares = 0;
        for (Long v = in.get(); v >= 0; v = in.get()) {
            count++;
            sum += v;
            squares += v * v;
        }
        out.put(new long[] {count, sum, squares});
    }

    @Test
    void twoProducersAndThreeConsumersDeliverEveryItemExactlyOnce() {
        long n = 300_000;
        ChronicleQueueHandle<Long> q = fx.queues.create(0, false);
        Queue<long[]> results = mp.queue();
        List<ChildProcess> producers = List.of(
                mp.process(ChronicleQueueTest::produce, q, new long[] {0, n / 2}).start(),
                mp.process(ChronicleQueueTest::produce, q, new long[] {n / 2, n}).start());
        List<ChildProcess> consumers = List.of(
                mp.process(ChronicleQueueTest::consume, q, results).start(),
                mp.process(ChronicleQueueTest::consume, q, results).start(),
                mp.process(ChronicleQueueTest::consume, q, results).start());
        for (ChildProcess p : producers) {
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
        for (int i = 0; i < consumers.size(); i++) {
            q.put(-1L);
        }
        long count = 0;
        long sum = 0;
        long squares = 0;
        for (int i = 0; i < consumers.size(); i++) {
            long[] r = results.get(WAIT);
            count += r[0];
            sum += r[1];
            squares += r[2];
        }
        for (ChildProcess c : consumers) {
            assertTrue(c.join(WAIT));
            assertEquals(0, c.exitCode().orElseThrow());
        }
        long expectSquares = 0;
        for (long i = 0; i < n; i++) {
            expectSquares += i * i;
        }
        assertEquals(n, count);
        assertEquals(n * (n - 1) / 2, sum);
        assertEquals(expectSquares, squares);
        assertEquals(0, q.qsize());
    }

    @Test
    void aBoundedQueueHoldsAtMostMaxsizeWithTwoProducerProcesses() {
        int maxsize = 5;
        ChronicleQueueHandle<Integer> q = fx.queues.create(maxsize, false);
        List<ChildProcess> producers = List.of(
                mp.process((Queue<Integer> out) -> {
                    for (int i = 0; i < 300; i++) {
                        out.put(i);
                    }
                }, q).start(),
                mp.process((Queue<Integer> out) -> {
                    for (int i = 0; i < 300; i++) {
                        out.put(1000 + i);
                    }
                }, q).start());
        int taken = 0;
        int maxSeen = 0;
        while (taken < 600) {
            maxSeen = Math.max(maxSeen, q.qsize());
            q.get(WAIT);
            taken++;
            if (taken % 50 == 0) {
                sleepQuietly(20);
            }
        }
        assertTrue(maxSeen <= maxsize, "qsize reached " + maxSeen);
        for (ChildProcess p : producers) {
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
        assertEquals(0, q.qsize());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aChildUsingAQueueWhoseFactoryClosedFailsClearly() {
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        Queue<String> report = mp.queue();
        fx.queues.close();
        ChildProcess child = mp.process((Queue<Integer> in, Queue<String> r) -> {
            try {
                in.put(1);
                r.put("put worked");
            } catch (IllegalStateException e) {
                r.put(e.getMessage());
            }
        }, q, report).start();
        String said = report.get(WAIT);
        assertTrue(said.contains("no longer exists"), said);
        assertTrue(child.join(WAIT));
        assertFalse(java.nio.file.Files.exists(q.directory()), "the child made the directory again");
    }
}
