package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A producer killed while it makes a new cycle's file: it holds the write lock and has
 * written the file's first header (Chronicle's {@code writeFirstHeader}) but not finished it
 * ({@code updateFirstHeader}). The next process to open that cycle waits for the header,
 * times out, renames the file to {@code *.discard} and makes it again (Chronicle's
 * {@code StoreSupplier.acquire}, "Renamed un-acquirable segment file"). No item can be in
 * the renamed file: items go only into a file whose header is finished. Consumers delete it
 * with the other files of its cycle.
 */
@Timeout(120)
class ChronicleDiscardTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BEFORE = 1000;
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Context mp = fx.mp;

    @AfterEach
    void close() {
        fx.close();
    }

    /**
     * In a child: takes the queue's write lock as an appender does, waits for a second whose
     * cycle has no file yet, and half-makes the file of the cycle {@code ahead} seconds on.
     */
    static void halfMakeCycleFile(String dir, int ahead, Queue<Integer> report) throws Exception {
        QueueFiles files = QueueFiles.attach(Path.of(dir), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
        SingleChronicleQueue queue = files.queue;
        Method writeLock = SingleChronicleQueue.class.getDeclaredMethod("writeLock");
        writeLock.setAccessible(true);
        ((net.openhft.chronicle.queue.impl.single.WriteLock) writeLock.invoke(queue)).lock();
        while (queue.cycle() <= queue.lastCycle()) {
            Thread.sleep(5);
        }
        int cycle = queue.cycle() + ahead;
        File file = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
                name -> new File(dir, name + SingleChronicleQueue.SUFFIX),
                f -> f.getName().substring(0, f.getName().length() - SingleChronicleQueue.SUFFIX.length()))
                .resourceFor(cycle).path;
        MappedBytes bytes = MappedBytes.mappedBytes(file, queue.blockSize());
        Wire wire = queue.wireType().apply(bytes);
        wire.headerNumber(queue.rollCycle().toIndex(cycle, 0));
        if (!wire.writeFirstHeader()) {
            throw new IllegalStateException("the file of cycle " + cycle + " had a header already");
        }
        report.put(cycle);
        Thread.sleep(120_000);
        java.lang.ref.Reference.reachabilityFence(files); // collected, they would be unmapped
    }

    @ParameterizedTest(name = "the half-made file is {0} cycles ahead")
    @ValueSource(ints = {0, 3})
    void aProducerKilledMakingACycleFileLosesNoItemWhosePutReturned(int ahead, @TempDir Path tmp)
            throws Exception {
        ChronicleQueueHandle<Long> q = fx.queues.create(0, false);
        for (long i = 0; i < BEFORE; i++) {
            q.put(i);
        }
        String record = tmp.resolve("taken").toString();
        ChildProcess consumer = mp.process(() -> ChronicleKillTest.consume(q, record)).start();
        Queue<Integer> report = mp.queue();
        String dir = q.directory().toString();
        ChildProcess maker = mp.process(() -> halfMakeCycleFile(dir, ahead, report)).start();
        report.get(WAIT);
        maker.kill();
        assertTrue(maker.join(WAIT));

        long next = BEFORE;
        boolean discarded = false;
        List<Throwable> failed = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(ahead + 4).toNanos();
        while (System.nanoTime() < until) {
            try {
                q.put(next);
                next++;
            } catch (RuntimeException e) {
                failed.add(e);
            }
            if (next % 100 == 0) {
                Thread.sleep(1);
                discarded = discarded || !discardFiles(q.directory()).isEmpty();
            }
        }
        q.put(-1L);
        assertTrue(consumer.join(WAIT));
        assertEquals(0, consumer.exitCode().orElseThrow());

        Ledger taken = Ledger.create(Path.of(record), (int) next + 10);
        byte[] seen = new byte[(int) next];
        for (long i = 0; i < taken.count(); i++) {
            long v = taken.get(i);
            assertTrue(v >= 0 && v < next, "item " + v + " was never put");
            seen[(int) v]++;
        }
        long missing = 0;
        long twice = 0;
        for (byte s : seen) {
            missing += s == 0 ? 1 : 0;
            twice += s > 1 ? 1 : 0;
        }
        assertEquals(0, missing, "items whose put returned and that were never delivered, of " + next);
        assertEquals(0, twice, "items delivered twice");
        assertEquals(List.of(), failed, "puts that failed after the kill");
        assertTrue(discarded, "Chronicle renamed no file to .discard: the recovery path was not taken");
        assertEquals(List.of(), discardFiles(q.directory()), "the discarded file outlived the items of its cycle");
    }

    private static List<Path> discardFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(SingleChronicleQueue.DISCARD_FILE_SUFFIX)).toList();
        }
    }
}
