package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A process pool in a context with shared memory: chunks and results cross in each
 * worker's slots of a mapped file, or in the pipe when they do not fit one. (The pool
 * tests in ipc-netty run without shared memory, so there every chunk takes the pipe.)
 */
@Timeout(120)
class PoolSlotsTest {
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    private List<Path> poolBlocks() throws Exception {
        Path dir = ShmDirs.of(mp);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("shm-.pool-")).toList();
        }
    }

    /**
     * The first worker halts once it has received its first chunk and before it takes it up,
     * as a worker killed while the chunk was on its way would: the chunk was not run there.
     * ({@code marker} makes it the first worker only.)
     */
    static void haltOnFirstChunkOnce(String marker) throws IOException {
        try {
            Files.createFile(Path.of(marker));
        } catch (FileAlreadyExistsException notTheFirstWorker) {
            return;
        }
        System.setProperty("ipc4j.fault.pool.beforeTask", "halt");
    }

    /**
     * The count of chunks taken up, in the worker's block, tells the pool the chunk never ran.
     * (Without shared memory, as in ipc-netty's pool tests, such a chunk is charged a run.)
     */
    @Test
    void aChunkSentToAWorkerThatDiedBeforeTakingItUpIsNotChargedARun(@TempDir Path dir) {
        String marker = dir.resolve("first-worker").toString();
        Pool p = mp.poolBuilder().processes(1).retries(0).initializer(() -> haltOnFirstChunkOnce(marker)).build();
        try {
            long ranOn = p.apply(() -> ProcessHandle.current().pid());
            assertTrue(Files.exists(Path.of(marker)), "no worker reached the fault");
            assertNotEquals(ProcessHandle.current().pid(), ranOn);
            assertEquals(List.of(1, 4, 9), p.map((Integer x) -> x * x, List.of(1, 2, 3)),
                    "with retries(0), the chunk ran on the next worker, and the pool goes on");
            // a worker that dies in a chunk it took up is still charged: that chunk fails
            assertThrows(WorkerLostException.class, () -> p.apply(() -> {
                Runtime.getRuntime().halt(5);
                return 0;
            }));
        } finally {
            p.terminate();
        }
        assertTrue(mp.activeChildren().isEmpty(), "workers left: " + mp.activeChildren());
    }

    /** A chunk whose mere sending ends every worker (each halts on receiving it) fails after a few, not for ever. */
    @Test
    void aChunkThatEndsEveryWorkerItIsSentToIsChargedInTheEnd() {
        Pool p = mp.poolBuilder().processes(1).retries(0)
                .initializer(() -> System.setProperty("ipc4j.fault.pool.beforeTask", "halt")).build();
        try {
            WorkerLostException lost = assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
            assertTrue(lost.getMessage().contains("tried 1 time"), lost.getMessage());
        } finally {
            p.terminate();
        }
        assertTrue(mp.activeChildren().isEmpty(), "workers left: " + mp.activeChildren());
    }

    @Test
    void numbersAndObjectsGoThroughTheSlotsAndComeBackInOrder() throws Exception {
        try (Pool pool = mp.pool(2)) {
            assertEquals(2, poolBlocks().size(), "a block of slots for each worker");
            List<Integer> ints = range(300_000);
            assertEquals(ints.stream().map(x -> (long) x * x).collect(Collectors.toList()),
                    pool.map((Integer x) -> (long) x * x, ints));
            assertEquals(ints.stream().map(x -> x + 1).collect(Collectors.toList()),
                    pool.map((Integer x) -> x + 1, ints, 1000));
            List<Double> doubles = ints.stream().map(x -> x / 4.0).collect(Collectors.toList());
            assertEquals(doubles.stream().map(d -> d * 2).collect(Collectors.toList()),
                    pool.map((Double d) -> d * 2, doubles));
            assertEquals(List.of("0!", "1!", "2!"), pool.map((Integer x) -> x + "!", range(3)));
            List<Long> longs = ints.stream().map(x -> (long) x << 33).collect(Collectors.toList());
            assertEquals(longs, pool.map((Long x) -> x, longs));
        }
        assertEquals(List.of(), poolBlocks(), "the blocks are unlinked when the pool is done");
    }

    @Test
    void whatDoesNotFitASlotTakesThePipe() {
        try (Pool pool = mp.pool(1)) {
            // 400k longs (3.2 MB) each way: more than a 2 MB slot holds
            List<Long> longs = IntStream.range(0, 400_000).mapToObj(i -> (long) i).collect(Collectors.toList());
            assertEquals(longs.stream().map(x -> x * 3).collect(Collectors.toList()),
                    pool.map((Long x) -> x * 3, longs, longs.size()));
            // several such chunks in a row, which run fast: never two at once on the worker
            List<Long> more = IntStream.range(0, 1_200_000).mapToObj(i -> (long) i).collect(Collectors.toList());
            assertEquals(more, pool.map((Long x) -> x, more, 300_000));
            // small inputs, results too large for the slot
            List<String> big = pool.map((Integer n) -> "x".repeat(n), List.of(3_000_000, 1));
            assertEquals(3_000_000, big.get(0).length());
            assertEquals("x", big.get(1));
        }
    }

    @Test
    void aListThatStartsWithNumbersButHoldsOtherThingsIsSentAsObjects() {
        try (Pool pool = mp.pool(2)) {
            List<Object> mixed = new ArrayList<>(Collections.nCopies(1000, (Object) 7));
            mixed.set(500, "seven");
            mixed.set(900, 7L);
            List<String> out = pool.map((Object o) -> o.getClass().getSimpleName(), mixed);
            assertEquals("Integer", out.get(0));
            assertEquals("String", out.get(500));
            assertEquals("Long", out.get(900));
            assertEquals(1000, out.size());

            List<Object> unsendable = new ArrayList<>(Collections.nCopies(100, (Object) 1));
            unsendable.set(50, new Thread(() -> { }));
            for (int i = 0; i < 5; i++) {
                SerializationException e = assertThrows(SerializationException.class,
                        () -> pool.map((Object o) -> o.hashCode(), unsendable));
                assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
            }
            assertEquals(List.of(2, 3), pool.map((Integer x) -> x + 1, List.of(1, 2)), "the pool goes on");
        }
    }

    @Test
    void numbersWrittenToASlotRunByRunKeepEveryValueAndKind() {
        // a chunk's numbers go into its slot 64 at a time: each value must land in its place,
        // and a number of another kind or a null in any run (at its edge, or last) sends the
        // chunk as objects, each item of the kind it was
        try (Pool pool = mp.pool(2)) {
            List<Object> ints = new ArrayList<>(IntStream.range(0, 1000).boxed().collect(Collectors.toList()));
            assertEquals(ints.stream().map(PoolSlotsTest::describe).collect(Collectors.toList()),
                    pool.map((Object x) -> describe(x), ints, 1000));
            for (int odd : new int[] {1, 63, 64, 65, 130, 999}) {
                List<Object> input = new ArrayList<>(ints);
                input.set(odd, odd == 1 ? null : odd % 2 == 0 ? (Object) (long) odd : (Object) (odd + 0.5));
                List<String> expected = input.stream().map(PoolSlotsTest::describe).collect(Collectors.toList());
                assertEquals(expected, pool.map((Object x) -> describe(x), input, 1000), "odd one at " + odd);
                assertEquals(expected, pool.map((Object x) -> describe(x), input, 300), "chunks of 300, at " + odd);
            }
            List<Object> longs = new ArrayList<>(LongStream.range(0, 200).boxed().collect(Collectors.toList()));
            List<Object> doubles = longs.stream().map(x -> (Object) ((Long) x + 0.25)).collect(Collectors.toList());
            assertEquals(longs.stream().map(PoolSlotsTest::describe).collect(Collectors.toList()),
                    pool.map((Object x) -> describe(x), longs, 200));
            assertEquals(doubles.stream().map(PoolSlotsTest::describe).collect(Collectors.toList()),
                    pool.map((Object x) -> describe(x), doubles, 200));
            longs.set(128, 128);
            assertEquals(longs.stream().map(PoolSlotsTest::describe).collect(Collectors.toList()),
                    pool.map((Object x) -> describe(x), longs, 200));
        }
    }

    static String describe(Object x) {
        return x == null ? "null" : x.getClass().getSimpleName() + " " + x;
    }

    static long killWorkerOnce(int x, int victim, String marker) throws Exception {
        if (x == victim && Files.notExists(Path.of(marker))) {
            Files.createFile(Path.of(marker));
            new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(10_000);
        }
        return (long) x * x;
    }

    @Test
    void aWorkerKilledWithChunksInItsSlotsLosesNone() throws Exception {
        Path marker = Files.createTempFile("ipc4j-slots-kill", ".marker");
        Files.delete(marker);
        try (Pool pool = mp.pool(2)) {
            String m = marker.toString();
            List<Integer> input = range(400_000);
            List<Long> out = pool.map((Integer x) -> killWorkerOnce(x, 250_000, m), input, 20_000);
            assertTrue(Files.exists(marker), "the victim item ran");
            assertEquals(input.stream().map(x -> (long) x * x).collect(Collectors.toList()), out);
        } finally {
            Files.deleteIfExists(marker);
        }
        assertEquals(List.of(), poolBlocks());
    }
}
