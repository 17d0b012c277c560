package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** CPython's Pool semantics over real worker JVMs, and the thread pool's. */
@Timeout(120)
class PoolTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Context mp;
    private static Pool pool;

    @BeforeAll
    static void start() {
        mp = Context.create();
        pool = mp.pool(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
        mp.close();
    }

    /**
     * The pids of the workers that run two one-item chunks, each holding its worker until both
     * have started: with two workers up, one each, however late the second came; with one,
     * the wait for the second start times out.
     */
    static List<Long> onBothWorkers(Context mp, Pool pool) {
        Queue<Long> started = mp.queue();
        Queue<String> go = mp.queue();
        AsyncResult<List<Long>> held = pool.mapAsync((Integer x) -> {
            started.put(ProcessHandle.current().pid());
            go.get(Duration.ofSeconds(60));
            return ProcessHandle.current().pid();
        }, List.of(0, 1));
        started.get(WAIT);
        started.get(WAIT);
        go.put("go");
        go.put("go");
        return held.get(WAIT);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void mapEqualsAPlainLoopInOrder() {
        List<Integer> input = range(10_000);
        List<Integer> expected = input.stream().map(x -> x * x).collect(Collectors.toList());
        assertEquals(expected, pool.map((Integer x) -> x * x, input));
        assertEquals(expected, pool.map((Integer x) -> x * x, input, 7));
        assertEquals(List.of(), pool.map((Integer x) -> x * x, List.<Integer>of()));
        assertEquals(List.of("A", "BB", "CCC"), pool.map((String s) -> s.toUpperCase(), List.of("a", "bb", "ccc")));
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"), pool.map((Integer x) -> "s" + x, range(8), 4));
        assertEquals(java.util.Arrays.asList(null, 1, 2, 3), pool.map((Integer x) -> x == 0 ? null : x, range(4), 4));
        assertEquals(List.of(2L, 4L), pool.map((Long x) -> x * 2, List.of(1L, 2L)));
        assertEquals(java.util.Arrays.asList(1.5, null), pool.map((Double x) -> x == 0 ? null : x * 1.5,
                List.of(1.0, 0.0)));
    }

    @Test
    void asyncFormsImapStarmapAndApply() throws Exception {
        AsyncResult<List<Integer>> r = pool.mapAsync((Integer x) -> x + 1, range(100));
        assertTrue(r.waitFor(WAIT));
        assertTrue(r.ready());
        assertTrue(r.successful());
        assertEquals(range(101).subList(1, 101), r.get());
        assertEquals(100, r.toCompletableFuture().get(60, TimeUnit.SECONDS).get(99));

        List<Integer> ordered = new ArrayList<>();
        pool.imap((Integer x) -> x * 10, range(20)).forEachRemaining(ordered::add);
        assertEquals(range(20).stream().map(x -> x * 10).collect(Collectors.toList()), ordered);
        Set<Integer> unordered = new HashSet<>();
        pool.imapUnordered((Integer x) -> x * 10, range(20)).forEachRemaining(unordered::add);
        assertEquals(new HashSet<>(ordered), unordered);

        assertEquals(List.of(3, 12), pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(1, 3),
                Map.entry(3, 4))));
        assertEquals(List.of("a1"), pool.starmapAsync((String a, Integer b) -> a + b, List.of(Map.entry("a", 1)))
                .get(WAIT));
        CompletableFuture<List<String>> starmapped = new CompletableFuture<>();
        pool.starmapAsync((String a, Integer b) -> a + b, List.of(Map.entry("a", 1), Map.entry("b", 2)),
                starmapped::complete, starmapped::completeExceptionally);
        assertEquals(List.of("a1", "b2"), starmapped.get(60, TimeUnit.SECONDS));
        CompletableFuture<Throwable> starFailed = new CompletableFuture<>();
        pool.starmapAsync((Integer a, Integer b) -> a / b, List.of(Map.entry(1, 1), Map.entry(1, 0)),
                done -> starFailed.complete(null), starFailed::complete);
        assertInstanceOf(ArithmeticException.class, starFailed.get(60, TimeUnit.SECONDS));
        assertEquals(49, pool.apply((Integer x) -> x * x, 7));
        long workerPid = pool.apply(() -> ProcessHandle.current().pid());
        assertNotEquals(ProcessHandle.current().pid(), workerPid);

        CompletableFuture<Integer> seen = new CompletableFuture<>();
        pool.applyAsync((Integer x) -> x + 1, 41, seen::complete, seen::completeExceptionally);
        assertEquals(42, seen.get(60, TimeUnit.SECONDS));
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        pool.applyAsync((Integer x) -> 1 / x, 0, v -> failed.complete(null), failed::complete);
        assertInstanceOf(ArithmeticException.class, failed.get(60, TimeUnit.SECONDS));

        AsyncResult<Object> slow = pool.applyAsync(() -> {
            Thread.sleep(2000);
            return null;
        });
        assertThrows(IpcTimeoutException.class, () -> slow.get(Duration.ofMillis(100)));
        assertFalse(slow.ready());
        assertThrows(IllegalStateException.class, slow::successful);
        assertNull(slow.get(WAIT));
    }

    @Test
    void taskExceptionsArriveWithTheirTypeAndRemoteTraceAndThePoolGoesOn() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> pool.apply((Integer x) -> 10 / x, 0));
        assertTrue(e.getMessage().contains("/ by zero"), e.getMessage());
        assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("java.lang.ArithmeticException"), e.getCause().getMessage());

        TaskFailedException checked = assertThrows(TaskFailedException.class, () -> pool.apply(() -> {
            throw new IOException("disk on fire");
        }));
        assertEquals("java.io.IOException", checked.remoteType());
        assertTrue(checked.getMessage().contains("disk on fire"));

        Iterator<Integer> it = pool.imap((Integer x) -> 100 / (x - 3), range(6));
        assertEquals(-33, it.next());
        assertEquals(-50, it.next());
        assertEquals(-100, it.next());
        assertThrows(ArithmeticException.class, it::next);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> drainAfterFailure(it), "imap must end");
        Iterator<Integer> unordered = pool.imapUnordered((Integer x) -> 100 / (x - 3), range(6));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> drainAfterFailure(unordered),
                "imapUnordered must end");

        assertEquals(List.of(0, 1, 4), pool.map((Integer x) -> x * x, range(3)));
    }

    /** Iterates to the end, counting the failures; neither kind of iterator may wait forever. */
    private static int drainAfterFailure(Iterator<Integer> it) {
        int failures = 0;
        while (true) {
            try {
                if (!it.hasNext()) {
                    return failures;
                }
                it.next();
            } catch (ArithmeticException expected) {
                failures++;
            }
        }
    }

    @Test
    void anItemTooLargeForAFrameFailsOnlyItsCall() {
        try (Context ctx = Context.create(Map.of(Config.MAX_FRAME_BYTES, "100000"))) {
            Pool p = ctx.pool(1);
            String big = "x".repeat(200_000);
            assertThrows(FrameTooLargeException.class, () -> p.map((String s) -> s.length(), List.of(big)));
            assertThrows(FrameTooLargeException.class, () -> p.apply((Integer n) -> "y".repeat(n), 200_000),
                    "a result too large fails too, without killing the worker");
            assertEquals(List.of(2, 3), p.map((Integer x) -> x + 1, List.of(1, 2)));
            assertTimeoutPreemptively(Duration.ofSeconds(60), p::close);
        }
    }

    @Test
    void unserializableArgumentsAndResultsFailTheCallerTwentyTimesWithoutHarm() {
        for (int i = 0; i < 20; i++) {
            Thread local = new Thread(() -> { });
            SerializationException arg = assertThrows(SerializationException.class,
                    () -> pool.map((Object o) -> o.toString(), List.of("fine", local)));
            assertTrue(arg.getMessage().contains("java.lang.Thread"), arg.getMessage());
            SerializationException result = assertThrows(SerializationException.class,
                    () -> pool.apply((Integer x) -> new Thread(() -> { }), 1));
            assertTrue(result.getMessage().contains("java.lang.Thread"), result.getMessage());
        }
        assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
    }

    @Test
    void badSettingsAndClosedPoolsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> mp.pool(0));
        assertThrows(IllegalArgumentException.class, () -> mp.pool(-1));
        assertThrows(IllegalArgumentException.class, () -> mp.poolBuilder().maxTasksPerChild(0));
        assertThrows(IllegalArgumentException.class, () -> mp.threadPool(0));
        Pool threads = mp.threadPool(2);
        assertThrows(IllegalStateException.class, threads::join);
        threads.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> threads.map((Integer x) -> x, List.of(1)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** Kills its own worker with SIGKILL the first time it sees {@code victim} (marked by a file). */
    static int killWorkerOnce(int x, int victim, String marker) throws Exception {
        if (x == victim && Files.notExists(Path.of(marker))) {
            Files.createFile(Path.of(marker));
            killSelf();
        }
        return x * x;
    }

    static void killSelf() throws Exception {
        new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
        Thread.sleep(10_000);
    }

    @Test
    void aChunkWhoseWorkerWasKilledRunsAgainOnAnotherWorker() throws Exception {
        Path marker = Files.createTempFile("ipc4j-pool-kill", ".marker");
        Files.delete(marker);
        try (Context ctx = Context.create(); Pool p = ctx.pool(2)) {
            String m = marker.toString();
            List<Integer> input = range(200);
            List<Integer> out = p.map((Integer x) -> killWorkerOnce(x, 137, m), input, 10);
            assertEquals(input.stream().map(x -> x * x).collect(Collectors.toList()), out);
            assertTrue(Files.exists(marker), "the victim item ran");
            Set<Long> pids = new HashSet<>(onBothWorkers(ctx, p));
            assertEquals(2, pids.size(), "a replacement worker joined the pool: " + pids);
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void aTaskThatKeepsKillingItsWorkerFailsWithWorkerLostNamingIt() {
        try (Context ctx = Context.create(); Pool p = ctx.pool(2)) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> p.map((Integer x) -> {
                if (x == 5) {
                    killSelf();
                }
                return x;
            }, range(10), 1));
            assertTrue(e.getMessage().contains("5"), e.getMessage());
            assertTrue(e.getMessage().contains("2 times"), e.getMessage());
            assertEquals(List.of(0, 1), p.map((Integer x) -> x, range(2)), "the pool goes on");
        }
    }

    @Test
    void maxTasksPerChildRecyclesWorkersWithoutLosingTasks() {
        try (Context ctx = Context.create();
             Pool p = ctx.poolBuilder().processes(1).maxTasksPerChild(2).build()) {
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(p.apply(() -> ProcessHandle.current().pid()));
            }
            assertEquals(3, new HashSet<>(pids).size(), "pids: " + pids);
            assertEquals(pids.get(0), pids.get(1));
            assertNotEquals(pids.get(1), pids.get(2));
        }
    }

    @Test
    void initializerRunsInEachWorker() {
        try (Context ctx = Context.create();
             Pool p = ctx.poolBuilder().processes(2).initializer(() -> System.setProperty("pool.init", "done"))
                     .build()) {
            assertEquals(List.of("done", "done", "done"), p.map((Integer x) -> System.getProperty("pool.init"),
                    range(3), 1));
        }
    }

    @Test
    void terminateReturnsPromptlyWithThousandsQueued() {
        try (Context ctx = Context.create()) {
            Pool p = ctx.pool(2);
            List<AsyncResult<Object>> queued = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                queued.add(p.applyAsync(() -> {
                    Thread.sleep(20);
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            p.terminate();
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
            assertThrows(IllegalStateException.class, () -> queued.get(2999).get(WAIT));
            assertTrue(p.join(WAIT));
        }
    }

    static Object ofMixedKinds(int x) {
        return x < 600 ? (Object) (long) x : x < 700 ? (Object) x : x < 800 ? "s" + x : x % 2 == 0 ? (Object) 1.5 : null;
    }

    @Test
    void resultsThatChangeKindWithinAChunkKeepTheirOrderAndEachItemRunsOnce() {
        List<Integer> input = range(1000);
        List<Object> expected = input.stream().map(PoolTest::ofMixedKinds).collect(Collectors.toList());
        assertEquals(expected, pool.map((Integer x) -> ofMixedKinds(x), input, 1000));
        assertEquals(expected, pool.map((Integer x) -> ofMixedKinds(x), input, 333));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (Pool threads = mp.threadPool(2)) {
            assertEquals(expected, threads.map((Integer x) -> {
                calls.incrementAndGet();
                return ofMixedKinds(x);
            }, input, 1000));
        }
        assertEquals(1000, calls.get(), "the function ran once for each item");
        assertEquals(input.stream().map(x -> x < 500 ? (Object) (x / 2.0) : (Object) x).collect(Collectors.toList()),
                pool.map((Integer x) -> x < 500 ? (Object) (x / 2.0) : (Object) x, input, 1000),
                "doubles, then ints");
    }

    @Test
    void largeChunksThatTakeThePipeDoNotDeadlockAWorkerThatRunsFast() {
        // Each chunk is 4.8 MB each way, more than a socket buffer (4 MB at most): a worker
        // must not be handed a second one while it writes the results of the first.
        // Repeated, so that the worker's JIT makes the chunks fast.
        List<Long> longs = IntStream.range(0, 3_000_000).mapToObj(i -> (long) i).collect(Collectors.toList());
        try (Pool one = mp.pool(1)) {
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                for (int round = 0; round < 5; round++) {
                    assertEquals(longs, one.map((Long x) -> x, longs, 600_000));
                }
            });
        }
    }

    @Test
    void moreJobsInterleavedOnOneWorkerThanItKeepsFunctionsFor() throws Exception {
        // Twenty callers at once, each queueing its job in turns of 64k items that take a
        // while to serialize: the worker meets each function again after many others, by
        // which time both it and the pool may have forgotten it.
        List<String> input = IntStream.range(0, 200_000).mapToObj(i -> "w" + i).collect(Collectors.toList());
        ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(20);
        try (Pool one = mp.pool(1)) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<List<Integer>>> jobs = new ArrayList<>();
            for (int j = 0; j < 20; j++) {
                int add = j;
                jobs.add(callers.submit(() -> {
                    go.await();
                    return one.map((String w) -> w.length() + add, input, 20_000);
                }));
            }
            go.countDown();
            for (int j = 0; j < 20; j++) {
                List<Integer> got = jobs.get(j).get(90, TimeUnit.SECONDS);
                assertEquals(input.size(), got.size());
                assertEquals(2 + j, got.get(0));
                assertEquals(7 + j, got.get(199_999));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aMapStartedBeforeCloseIsFinishedByIt() throws Exception {
        List<String> words = IntStream.range(0, 300_000).mapToObj(i -> "w" + i).collect(Collectors.toList());
        for (int round = 0; round < 3; round++) {
            Pool p = mp.pool(2);
            p.map((Integer x) -> x, List.of(1, 2));
            CompletableFuture<List<Integer>> lengths = CompletableFuture.supplyAsync(
                    () -> p.map((String w) -> w.length(), words, 10_000));
            Thread.sleep(5 * round);
            assertTimeoutPreemptively(Duration.ofSeconds(60), p::close);
            try {
                List<Integer> got = lengths.get(60, TimeUnit.SECONDS);
                assertEquals(words.size(), got.size());
                assertEquals(7, got.get(words.size() - 1));
            } catch (java.util.concurrent.ExecutionException refused) {
                assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
            }
        }
    }

    @Test
    void aCallbackMayCloseThePool() throws Exception {
        for (Pool p : List.of(mp.pool(1), mp.threadPool(1))) {
            CompletableFuture<String> inCallback = new CompletableFuture<>();
            p.mapAsync((Integer x) -> {
                Thread.sleep(100);
                return x + 1;
            }, List.of(1, 2, 3), r -> {
                p.close();
                try {
                    p.join(Duration.ofSeconds(1));
                    inCallback.complete("join returned");
                } catch (IllegalStateException e) {
                    inCallback.complete("join refused");
                }
            }, inCallback::completeExceptionally);
            assertEquals("join refused", inCallback.get(60, TimeUnit.SECONDS), p.toString());
            assertTrue(p.join(Duration.ofSeconds(60)), "the pool ends after a close from its own callback: " + p);
            assertThrows(IllegalStateException.class, () -> p.map((Integer x) -> x, List.of(1)));
        }
    }

    @Test
    void threadPoolOffersTheSameApi() {
        try (Pool threads = mp.threadPool(3)) {
            assertEquals(List.of(1, 4, 9), threads.map((Integer x) -> x * x, List.of(1, 2, 3)));
            List<Integer> seen = new ArrayList<>();
            threads.imap((Integer x) -> x + 1, range(5)).forEachRemaining(seen::add);
            assertEquals(List.of(1, 2, 3, 4, 5), seen);
            assertThrows(ArithmeticException.class, () -> threads.apply((Integer x) -> 1 / x, 0));
            Thread local = new Thread(() -> { });
            assertSame(local, threads.apply((Thread t) -> t, local), "threads share objects; nothing is copied");
        }
    }

    @Test
    void executorServiceView() throws Exception {
        ExecutorService ex = pool.asExecutorService();
        Future<Long> f = ex.submit((Callable<Long> & java.io.Serializable) () -> ProcessHandle.current().pid());
        assertNotEquals(ProcessHandle.current().pid(), f.get(60, TimeUnit.SECONDS));
        List<Future<Integer>> all = ex.invokeAll(List.of(
                (Callable<Integer> & java.io.Serializable) () -> 1,
                (Callable<Integer> & java.io.Serializable) () -> 2));
        assertEquals(3, all.get(0).get() + all.get(1).get());
        Callable<Integer> plain = () -> 3;
        assertThrows(RejectedExecutionException.class, () -> ex.submit(plain));
    }
}
