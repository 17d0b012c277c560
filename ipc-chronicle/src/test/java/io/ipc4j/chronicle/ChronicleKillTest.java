package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Producers and consumers killed with kill -9 (destroyForcibly) while they work. */
@Timeout(300)
class ChronicleKillTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RANGE = 400_000;
    private static final int KILLS = 5;
    /** Ranges put at most: the first producers', their replacements', and those started while consumers lacked work. */
    private static final int MAX_RANGES = 2 * (KILLS + 2);
    /** Items a consumer's record holds: every range there can be. */
    private static final int RECORD_CAPACITY = MAX_RANGES * RANGE;
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Context mp = fx.mp;

    @AfterEach
    void close() {
        fx.close();
    }

    /** Puts its range in order, counting in {@code progress} the puts that returned. */
    static void produce(Queue<Long> q, long lo, String progress) {
        Ledger done = Ledger.create(Path.of(progress), 0);
        for (long i = lo; i < lo + RANGE; i++) {
            q.put(i);
            done.count(i - lo + 1);
            if (i % 200 == 0) {
                pause(); // about 150k puts a second, so that kills land in the middle of a range
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes items until -1 and records each one after its get returned. */
    static void consume(Queue<Long> q, String record) {
        Ledger taken = Ledger.create(Path.of(record), RECORD_CAPACITY);
        for (long v = q.get(); v >= 0; v = q.get()) {
            taken.add(v);
        }
    }

    private record Run(ChildProcess process, long lo, Path file) {
    }

    @ParameterizedTest(name = "consumers killed too: {0}")
    @ValueSource(booleans = {false, true})
    void processesKilledAtRandomMomentsLoseNoItemWhosePutReturnedAndDeliverNoneTwice(boolean killConsumers,
            @TempDir Path tmp) throws Exception {
        Random random = new Random();
        ChronicleQueueHandle<Long> q = fx.queues.create(0, false);
        List<Run> producerRuns = new ArrayList<>();
        List<Run> consumerRuns = new ArrayList<>();
        Run[] producers = new Run[2];
        Run[] consumers = new Run[3];
        long[] nextLo = {0};
        for (int i = 0; i < producers.length; i++) {
            producers[i] = startProducer(q, tmp, nextLo, producerRuns);
        }
        for (int i = 0; i < consumers.length; i++) {
            consumers[i] = startConsumer(q, tmp, consumerRuns);
        }
        int producerKills = 0;
        int consumerKills = 0;
        for (int k = 0; k < KILLS; k++) {
            boolean producer = !killConsumers || random.nextBoolean();
            Run[] group = producer ? producers : consumers;
            int victim = random.nextInt(group.length);
            // a consumer shows work only while something is put: replace the producers that finished their range
            Runnable keepProducing = () -> {
                for (int i = 0; i < producers.length; i++) {
                    if (!producers[i].process().isAlive() && nextLo[0] < (long) MAX_RANGES * RANGE) {
                        producers[i] = startProducer(q, tmp, nextLo, producerRuns);
                    }
                }
            };
            awaitWork(group[victim], producer, keepProducing, q, producers, consumers);
            Thread.sleep(random.nextInt(500));
            group[victim].process().kill();
            assertTrue(group[victim].process().join(WAIT));
            if (producer) {
                producerKills++;
                producers[victim] = startProducer(q, tmp, nextLo, producerRuns);
            } else {
                consumerKills++;
                consumers[victim] = startConsumer(q, tmp, consumerRuns);
            }
        }
        for (Run p : producers) {
            assertTrue(p.process().join(WAIT));
            assertEquals(0, p.process().exitCode().orElseThrow());
        }
        for (int i = 0; i < consumers.length; i++) {
            q.put(-1L);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Run c : consumers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!c.process().join(Duration.ofNanos(left))) {
                fail("consumers still running " + WAIT + " after the end markers were put:\n" + diagnosis(q, consumers));
            }
            assertEquals(0, c.process().exitCode().orElseThrow());
        }

        byte[] seen = new byte[(int) nextLo[0]];
        long duplicates = 0;
        long strangers = 0;
        for (Run c : consumerRuns) {
            if (!c.file().toFile().exists()) {
                continue; // killed before it started
            }
            Ledger taken = Ledger.create(c.file(), RECORD_CAPACITY);
            for (long i = 0; i < taken.count(); i++) {
                long v = taken.get(i);
                if (v < 0 || v >= seen.length) {
                    strangers++;
                } else if (seen[(int) v]++ > 0) {
                    duplicates++;
                }
            }
        }
        long missing = 0;
        long missingSum = 0;
        long returnedPuts = 0;
        long returnedSum = 0;
        long deliveredBeyond = 0;
        for (Run p : producerRuns) {
            long returned = p.file().toFile().exists() ? Ledger.create(p.file(), 0).count() : 0;
            for (long v = p.lo(); v < p.lo() + returned; v++) {
                returnedPuts++;
                returnedSum += v;
                if (seen[(int) v] == 0) {
                    missing++;
                    missingSum += v;
                }
            }
            // the put in flight when the producer was killed (p.lo() + returned) may or may not be delivered
            for (long v = p.lo() + returned + 1; v < p.lo() + RANGE; v++) {
                if (seen[(int) v] != 0) {
                    deliveredBeyond++;
                }
            }
        }
        assertEquals(0, duplicates, "items delivered twice");
        assertEquals(0, deliveredBeyond, "items delivered that were never put");
        assertEquals(0, strangers, "items delivered that no producer put");
        assertTrue(returnedPuts > 2L * RANGE + producerKills, returnedPuts + " puts returned: the killed producers"
                + " put nothing");
        // A consumer killed after its get returned and before it recorded the item loses that one item.
        assertTrue(missing <= consumerKills, missing + " items whose put returned were never delivered (sum "
                + missingSum + " of " + returnedSum + ") after " + consumerKills + " consumer kills");
        assertEquals(0, q.qsize());
    }

    /** The queue's state and the stacks of the consumers still running, for a test that failed. */
    private static String diagnosis(ChronicleQueueHandle<Long> q, Run[] consumers) {
        StringBuilder d = new StringBuilder();
        d.append("backlog ").append(q.qsize()).append("; files:");
        java.io.File[] files = q.directory().toFile().listFiles();
        if (files != null) {
            java.util.Arrays.stream(files).map(java.io.File::getName).sorted().forEach(n -> d.append(' ').append(n));
        }
        QueueFiles f = QueueFiles.attach(q.directory(), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
        try {
            d.append("\nclaimed ").append(Long.toHexString(f.claimed.getVolatileValue()))
                    .append(", last index ").append(Long.toHexString(f.queue.lastIndex()))
                    .append(", first index ").append(Long.toHexString(f.queue.firstIndex()));
        } finally {
            f.release();
        }
        for (Run c : consumers) {
            if (c.process().isAlive()) {
                d.append("\n--- process ").append(c.process().pid()).append(" (").append(c.file().getFileName())
                        .append("):\n");
                try {
                    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(c.process().pid()), "Thread.print")
                            .redirectErrorStream(true).start();
                    String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    int main = dump.indexOf("\n\"main\"");
                    int end = main < 0 ? -1 : dump.indexOf("\n\n", main + 1);
                    d.append(main < 0 ? dump : dump.substring(main + 1, end < 0 ? dump.length() : end));
                } catch (java.io.IOException e) {
                    d.append("(no stack: ").append(e.getMessage()).append(')');
                }
            }
        }
        return d.toString();
    }

    /** Waits until a producer has put or a consumer has taken something, so that its kill interrupts work. */
    private static void awaitWork(Run run, boolean producer, Runnable keepProducing, ChronicleQueueHandle<Long> q,
            Run[] producers, Run[] consumers) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            keepProducing.run();
            if (run.file().toFile().exists()
                    && Ledger.create(run.file(), producer ? 0 : RECORD_CAPACITY).count() > 0) {
                return;
            }
            Thread.sleep(20);
        }
        fail("the " + (producer ? "producer" : "consumer") + " to kill did no work within " + WAIT + ":\n"
                + diagnosis(q, java.util.stream.Stream.concat(java.util.Arrays.stream(producers),
                        java.util.Arrays.stream(consumers)).toArray(Run[]::new)));
    }

    private Run startProducer(ChronicleQueueHandle<Long> q, Path tmp, long[] nextLo, List<Run> runs) {
        long lo = nextLo[0];
        nextLo[0] += RANGE;
        Path file = tmp.resolve("p" + runs.size());
        String name = file.toString();
        Run run = new Run(mp.process(() -> produce(q, lo, name)).start(), lo, file);
        runs.add(run);
        return run;
    }

    private Run startConsumer(ChronicleQueueHandle<Long> q, Path tmp, List<Run> runs) {
        Path file = tmp.resolve("c" + runs.size());
        String name = file.toString();
        Run run = new Run(mp.process(() -> consume(q, name)).start(), 0, file);
        runs.add(run);
        return run;
    }

    /** A child that begins an item in {@code q} and holds the write lock, half-way through it, until it is killed. */
    private ChildProcess startHalfWrittenItem(ChronicleQueueHandle<String> q) {
        Queue<String> report = mp.queue();
        String dir = q.directory().toString();
        ChildProcess holder = mp.process((Queue<String> r) -> {
            QueueFiles files = QueueFiles.attach(Path.of(dir), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
            DocumentContext dc = files.queue.createAppender().writingDocument();
            dc.wire().bytes().write(new byte[] {1, 2, 3});
            r.put("holding the write lock");
            Thread.sleep(120_000);
            java.lang.ref.Reference.reachabilityFence(files); // collected, they would be unmapped and the lock freed
        }, report).start();
        assertEquals("holding the write lock", report.get(WAIT));
        return holder;
    }

    /** Before: Chronicle's own InterruptedRuntimeException came out of put. */
    @Test
    void aPutInterruptedWhileALiveProcessHoldsTheWriteLockThrowsIpcInterruptedException() throws Exception {
        ChronicleQueueHandle<String> q = fx.queues.create(0, false);
        q.put("a");
        ChildProcess holder = startHalfWrittenItem(q);
        try {
            Thread me = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                me.interrupt();
            });
            interrupter.start();
            assertThrows(io.ipc4j.IpcInterruptedException.class, () -> q.put("b"));
            assertTrue(Thread.interrupted(), "the interrupt status was not kept");
            interrupter.join();
        } finally {
            holder.kill();
            assertTrue(holder.join(WAIT));
        }
        q.put("c");
        assertEquals("a", q.get(WAIT));
        assertEquals("c", q.get(WAIT), "the interrupted put's item was put after all");
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
    }

    @Test
    void aProducerKilledHoldingTheWriteLockDelaysTheNextPutLessThanTwoSeconds() throws Exception {
        ChronicleQueueHandle<String> q = fx.queues.create(0, false);
        q.put("a");
        ChildProcess holder = startHalfWrittenItem(q);
        holder.kill();
        assertTrue(holder.join(WAIT));
        long t0 = System.nanoTime();
        q.put("b");
        long took = System.nanoTime() - t0;
        // about 0.75 s on an idle machine (a 500 ms lock timeout, then the recovery), well inside the
        // 2 s the README promises; the bound leaves room for a loaded CI machine and still fails on
        // Chronicle's default timeout (a recovery of about 15 s)
        System.out.println("the put after the kill took " + took / 1_000_000 + " ms");
        assertTrue(took < Duration.ofSeconds(5).toNanos(), "the put after the kill took " + took / 1_000_000 + " ms");
        assertEquals(2, q.qsize());
        assertEquals("a", q.get(WAIT));
        assertEquals("b", q.get(WAIT), "the dead producer's half-written item was delivered");
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
    }

    @Test
    void aProducerKilledMidItemAtTheEndOfACycleStopsNoItemOfTheNextCycles() throws Exception {
        ChronicleQueueHandle<String> q = fx.queues.create(0, false);
        q.put("a");
        ChildProcess holder = startHalfWrittenItem(q);
        // a consumer in another process waits at the half-written item when its producer dies
        Queue<String> taken = mp.queue();
        ChildProcess consumer = mp.process((Queue<String> in, Queue<String> out) -> {
            for (int i = 0; i < 4; i++) {
                out.put(in.get(WAIT));
            }
        }, q, taken).start();
        assertEquals("a", taken.get(WAIT));
        holder.kill();
        assertTrue(holder.join(WAIT));
        Thread.sleep(2_200); // the next puts go to later cycles (a file a second)
        for (int i = 0; i < 3; i++) {
            q.put("b" + i);
            Thread.sleep(1_100);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("b" + i, taken.get(WAIT));
        }
        assertTrue(consumer.join(WAIT));
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
    }

    @Test
    void aConsumerStoppedWithSigstopHoldsNoItemOthersCouldTake() throws Exception {
        // The consumer is still taking when the stop reaches it: after its report it pauses
        // 50 us after each get, so the rest would last it over 4 s (taking at full speed, it
        // once took all 18,000 left under CI's load before the report and kill -STOP got there).
        int items = 100_000;
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        for (int i = 0; i < items; i++) {
            q.put(i);
        }
        Queue<String> report = mp.queue();
        ChildProcess stopped = mp.process((Queue<Integer> in, Queue<String> r) -> {
            for (int i = 0; i < 2000; i++) {
                in.get();
            }
            r.put("took 2000");
            while (true) {
                in.get();
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        }, q, report).start();
        try {
            assertEquals("took 2000", report.get(WAIT));
            Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(stopped.pid())).start();
            assertEquals(0, stop.waitFor());
            Set<Integer> rest = new HashSet<>();
            while (true) {
                Integer v;
                try {
                    v = q.get(Duration.ofSeconds(5));
                } catch (QueueEmptyException drained) {
                    break;
                }
                assertTrue(rest.add(v), "item " + v + " delivered twice");
            }
            assertEquals(0, q.qsize());
            // the stopped consumer took its 2000 and maybe more before the stop reached it
            assertTrue(rest.size() <= items - 2000 && rest.size() > 0, rest.size() + " taken here");
        } finally {
            stopped.kill();
            assertTrue(stopped.join(WAIT));
        }
    }
}
