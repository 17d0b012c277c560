package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Pipe;
import io.ipc4j.Queue;
import io.ipc4j.QueueFullException;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Queues that outlive several roll cycles (one file a second): sizes count across files, taken files go. */
@Timeout(120)
class ChronicleCycleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChronicleFixture fx = new ChronicleFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    static long cycleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    /** Sleeps until 100 ms into the next second: what follows has 900 ms before the cycle after. */
    private static void nextCycle() throws InterruptedException {
        Thread.sleep(1100 - System.currentTimeMillis() % 1000);
    }

    /** Has a child put {@code item}, and waits until its put returned and it ended. */
    private void putFromAnotherProcess(ChronicleQueueHandle<Integer> q, int item) {
        Queue<String> report = fx.mp.queue();
        ChildProcess producer = fx.mp.process((Queue<Integer> out, Queue<String> r) -> {
            out.put(item);
            r.put("put");
        }, q, report).start();
        assertEquals("put", report.get(WAIT));
        assertTrue(producer.join(WAIT));
    }

    /** Puts 0, 1, 2... in batches, each in a cycle file of its own; returns how many it put. */
    private static int putInCycles(ChronicleQueueHandle<Integer> q, int... batches) throws InterruptedException {
        int n = 0;
        for (int batch : batches) {
            for (int i = 0; i < batch; i++) {
                q.put(n++);
            }
            nextCycle();
        }
        return n;
    }

    /**
     * A bounded put that finds the full queue full only under the write lock, at the start of a
     * new cycle: Chronicle makes the cycle's file and the put rolls its excerpt back, so the
     * newest cycle file holds no item.
     */
    private static void rollBackAPutInANewCycle(ChronicleQueueHandle<Integer> q, int maxsize) {
        QueueFiles files = QueueFiles.attach(q.directory(), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
        try {
            byte[] item = io.ipc4j.internal.wire.ObjectCodec.toBytes(99);
            assertFalse(files.appends.tryAppendLocked(item, item.length, maxsize, false), "the queue was not full");
        } finally {
            files.release();
        }
    }

    @Test
    void sizesCountItemsAcrossCyclesAndABoundStaysExact() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(10, false);
        int n = 0;
        for (int batch : new int[] {4, 4, 2}) {
            for (int i = 0; i < batch; i++) {
                q.put(n++);
            }
            assertEquals(n, q.qsize());
            nextCycle();
        }
        assertTrue(cycleFiles(q.directory()) >= 3, "the items span fewer than 3 cycle files");
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(99));
        for (int i = 0; i < 5; i++) {
            assertEquals(i, q.get(WAIT));
            assertEquals(n - 1 - i, q.qsize());
        }
        assertFalse(q.full());
        q.putNowait(n++);
        assertEquals(6, q.qsize());
        for (int i = 5; i < n; i++) {
            assertEquals(i, q.get(WAIT));
        }
        assertEquals(0, q.qsize());
        assertTrue(q.empty());
    }

    @Test
    void aBacklogAcrossManyCyclesAndGapsIsCountedExactlyHereAndInAnotherProcess() throws Exception {
        int[] batches = {3, 0, 5, 1, 0, 4}; // a cycle with no item has no file
        int total = 0;
        for (int b : batches) {
            total += b;
        }
        ChronicleQueueHandle<Integer> q = fx.queues.create(total, false);
        Pipe pipe = fx.mp.pipe();
        Connection other = pipe.left();
        ChildProcess counter = fx.mp.process((Queue<Integer> counted, Connection c) -> {
            for (int x = (Integer) c.recv(); x >= 0; x = (Integer) c.recv()) {
                c.send(counted.qsize());
            }
        }, q, pipe.right()).start();
        int n = 0;
        for (int b : batches) {
            for (int i = 0; i < b; i++) {
                q.put(n++);
                other.send(0);
                assertEquals(n, other.recv(WAIT), "counted in the other process after " + n + " puts");
            }
            assertEquals(n, q.qsize());
            nextCycle();
        }
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(-1));
        for (int i = 0; i < total; i++) {
            assertEquals(i, q.get(WAIT));
            assertEquals(total - 1 - i, q.qsize(), "after taking " + (i + 1));
            other.send(0);
            assertEquals(total - 1 - i, other.recv(WAIT), "counted in the other process after taking " + (i + 1));
            assertFalse(q.full());
        }
        other.send(-1);
        assertTrue(counter.join(WAIT));
    }

    @Test
    void filesWhoseItemsAreAllTakenAreDeletedWhileTheQueueRuns() throws Exception {
        // bounded, so that the producer stays within a cycle of its consumer however loaded the machine
        ChronicleQueueHandle<Long> q = fx.queues.create(5_000, false);
        Path dir = q.directory();
        long seconds = 4;
        ChildProcess producer = fx.mp.process((Queue<Long> out) -> {
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long i = 0;
            while (System.nanoTime() < end) {
                out.put(i++);
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            out.put(-1L);
        }, q).start();
        long expected = 0;
        long mostFiles = 0;
        for (long v = q.get(WAIT); v >= 0; v = q.get(WAIT)) {
            assertEquals(expected++, v);
            if (expected % 10_000 == 0) {
                mostFiles = Math.max(mostFiles, cycleFiles(dir));
            }
        }
        assertTrue(producer.join(WAIT));
        assertTrue(expected > 10_000, expected + " items");
        assertTrue(mostFiles <= 3, "the queue kept " + mostFiles + " cycle files while its consumer kept up");
        nextCycle();
        q.put(0L);
        q.get(WAIT);
        assertEquals(1, cycleFiles(dir), "the files of cycles whose items are all taken are still there");
    }

    @Test
    void aConsumerAttachingLaterFindsTheItemsAfterTheSweptCycles() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        q.put(1);
        nextCycle();
        q.put(2);
        q.put(3);
        assertEquals(1, q.get(WAIT));
        nextCycle();
        q.put(4);
        assertEquals(2, q.get(WAIT));
        assertEquals(2, cycleFiles(q.directory()));
        Queue<String> report = fx.mp.queue();
        ChildProcess late = fx.mp.process((Queue<Integer> in, Queue<String> r) -> r.put(in.get() + "," + in.get()),
                q, report).start();
        assertEquals("3,4", report.get(WAIT));
        assertTrue(late.join(WAIT));
        assertEquals(1, cycleFiles(q.directory()));
        assertEquals(0, q.qsize());
    }

    @Test
    void aCycleWhoseFirstExcerptWasRolledBackDoesNotStopTheConsumers() throws Exception {
        // A bounded put that finds the queue full only under the write lock, at the start of a new
        // cycle, has Chronicle make the cycle's file and then rolls its excerpt back; when the same
        // appender next writes, in a later cycle, the empty cycle is left without its end-of-cycle marker.
        ChronicleQueueHandle<Integer> q = fx.queues.create(10, false);
        int n = putInCycles(q, 4, 4, 2);
        rollBackAPutInANewCycle(q, 10);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, q.get(WAIT));
        }
        nextCycle();
        q.put(n++);
        for (int i = 5; i < n; i++) {
            assertEquals(i, q.get(Duration.ofSeconds(5)));
        }
        assertEquals(0, q.qsize());
    }

    @Test
    void anEmptyNewestCycleFileIsCountedWithoutOpeningTheCycleFilesOnEachCount() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(6, false);
        putInCycles(q, 2, 2, 2);
        rollBackAPutInANewCycle(q, 6);
        AtomicInteger opened = new AtomicInteger();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(q.directory())
                .rollCycle(RollCycleNames.of(ChronicleQueues.DEFAULT_ROLL_CYCLE))
                .storeFileListener(new StoreFileListener() {
                    @Override
                    public void onAcquired(int cycle, java.io.File file) {
                        opened.incrementAndGet();
                    }

                    @Override
                    public void onReleased(int cycle, java.io.File file) {
                    }
                }).build()) {
            CycleCounts counts = new CycleCounts(queue);
            for (int i = 0; i < 2000; i++) {
                assertEquals(6, counts.itemsAfter(QueueFiles.NONE));
            }
            BackgroundResourceReleaser.releasePendingResources();
            // Chronicle's toEnd() opens two cycle files each time here: 4,000 before the fix
            assertTrue(opened.get() < 100, opened.get() + " cycle files opened for 2,000 counts");
        }
        assertEquals(0, q.get(WAIT));
        putFromAnotherProcess(q, 6);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (q.qsize() != 6 && System.nanoTime() < deadline) {
            Thread.sleep(1); // another process's item is seen within CycleCounts.RECHECK_EMPTY_NANOS
        }
        assertEquals(6, q.qsize());
        assertTrue(q.full());
        for (int i = 1; i <= 6; i++) {
            assertEquals(i, q.get(WAIT));
        }
        assertEquals(0, q.qsize());
    }

    private static boolean mappedHere(Path file) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains(file.toString()));
    }

    @Test
    void aCycleFileSweptAfterACountIsNotKeptMappedByIt() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        q.put(1);
        Path first = q.directory().resolve(names(q.directory(), ".cq4").get(0));
        assertEquals(1, q.qsize()); // the count finds the end in the first cycle's file
        nextCycle();
        q.put(2);
        assertEquals(1, q.get(WAIT));
        assertEquals(2, q.get(WAIT)); // the first take in the second cycle deletes the first's file
        assertFalse(Files.exists(first));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mappedHere(first) && System.nanoTime() < deadline) {
            BackgroundResourceReleaser.releasePendingResources();
            Thread.sleep(10);
        }
        assertFalse(mappedHere(first), "the deleted file of a swept cycle is still mapped (its memory kept)");
    }

    private static List<String> names(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void aSweptCycleFileAnotherProcessRecreatedEmptyLosesNothingAndIsSweptAgainWithDiscardedFiles()
            throws Exception {
        // A process that maps a cycle file just as a consumer deletes it (Chronicle checks that the file
        // exists, then opens it read-write) makes it again, empty; a process that later finds such a file,
        // or one whose maker was killed, unfinished renames it <cycle file>-<millis>.discard.
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        q.put(1);
        String first = names(q.directory(), ".cq4").get(0);
        nextCycle();
        q.put(2);
        nextCycle();
        q.put(3);
        assertEquals(1, q.get(WAIT));
        assertEquals(2, q.get(WAIT));
        assertFalse(Files.exists(q.directory().resolve(first)), "the file of the first cycle was not swept");
        Files.createFile(q.directory().resolve(first));
        Files.createFile(q.directory().resolve(first + "-" + System.currentTimeMillis()
                + SingleChronicleQueue.DISCARD_FILE_SUFFIX));
        QueueFiles files = QueueFiles.attach(q.directory(), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
        files.queue.refreshDirectoryListing(); // as any sweep does: Chronicle sees the empty file as the first cycle
        files.release();
        putFromAnotherProcess(q, 4);
        assertEquals(3, q.get(WAIT));
        assertEquals(4, q.get(WAIT));
        nextCycle();
        q.put(5);
        assertEquals(5, q.get(WAIT));
        assertEquals(0, q.qsize());
        assertEquals(1, cycleFiles(q.directory()), "files left: " + names(q.directory(), ""));
        assertEquals(List.of(), names(q.directory(), SingleChronicleQueue.DISCARD_FILE_SUFFIX),
                "a discarded file of a cycle whose items are all taken is left");
    }
}
