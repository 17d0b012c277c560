package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.internal.wire.ObjectCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Spare children of a context on Chronicle queues are ready for them before their target runs,
 * and leave no files; other children are not delayed by a warm-up.
 */
@Timeout(120)
class ChronicleWarmUpTest {

    @Test
    void aSpareChildOfAChronicleContextHasChronicleWarmBeforeItsTargetRuns() throws Exception {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle", Config.CHILD_SPARES, "1"))) {
            Queue<Integer> queue = mp.queue();
            assertTrue(mp.awaitSpares(Duration.ofSeconds(60)), "the spare did not come up");
            ChildProcess child = mp.process(ChronicleWarmUpTest::failUnlessWarm, queue).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1), "the child's first queue operation found Chronicle cold");
            assertEquals(7, queue.get(Duration.ofSeconds(10)));
            assertInstanceOf(ChronicleQueueHandle.class, queue);
            // the spare that replaces it, and the coordinator, may be warming up in the same root now
            String spares = "warm-up-" + child.pid();
            try (Stream<Path> left = Files.list(((ChronicleQueueHandle<?>) queue).directory().getParent())) {
                List<String> names = left.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().noneMatch(n -> n.equals(spares) || n.startsWith(spares + "-")),
                        "the spare's warm-up left a queue behind: " + names);
            }
        }
    }

    /**
     * A start that finds the context's spare still warming up takes it, and the target runs
     * without waiting for the rest of that warm-up (seconds on Chronicle, longer than a cold
     * JVM's start): the warm-up stops at its next batch and deletes its queues.
     */
    @Test
    void aSpareStillWarmingUpStopsForItsTarget() throws Exception {
        // no class-data archive builder: a JVM more on the two cores would narrow the window the test starts in
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle", Config.CHILD_SPARES, "1",
                Config.CHILD_CDS, "off"))) {
            Queue<Object> queue = mp.queue();
            Path root = ((ChronicleQueueHandle<?>) queue).directory().getParent();
            String warming = awaitAnotherProcessWarmUp(root, Duration.ofSeconds(60));
            ChildProcess child = mp.process(ChronicleWarmUpTest::reportWhetherWarm, queue).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1));
            assertEquals("warm-up-" + child.pid(), warming, "the start did not take the spare that was warming up");
            assertEquals(Boolean.FALSE, queue.get(Duration.ofSeconds(10)),
                    "the target ran only once the spare's warm-up had finished");
            try (Stream<Path> left = Files.list(root)) {
                List<String> names = left.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().noneMatch(n -> n.equals(warming) || n.startsWith(warming + "-")),
                        "the stopped warm-up left a queue behind: " + names);
            }
        }
    }

    /** The name of the first warm-up queue in {@code root} made by a process other than this one. */
    private static String awaitAnotherProcessWarmUp(Path root, Duration timeout) throws Exception {
        String own = "warm-up-" + ProcessHandle.current().pid();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (Stream<Path> entries = Files.list(root)) {
                var found = entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("warm-up-\\d+") && !n.equals(own)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no spare began warming up in " + root);
    }

    /**
     * A target's first queue arrives as bytes and is opened in a process that did not make it:
     * the spare's warm-up took those steps too, so the first one loads (almost) no class. Cold,
     * it loads two dozen (Chronicle's readers of files another process made, the lifetime files' lock).
     */
    @Test
    void aSpareHasOpeningAQueueThatArrivesWarm() {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle", Config.CHILD_SPARES, "1"))) {
            Queue<Integer> queue = mp.queue();
            byte[] handle = ObjectCodec.toBytes(queue);
            assertTrue(mp.awaitSpares(Duration.ofSeconds(60)), "the spare did not come up");
            ChildProcess child = mp.process(ChronicleWarmUpTest::failIfArrivingLoadsClasses, handle).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1),
                    "opening the first queue that arrived loaded classes the warm-up should have (see the child's output)");
            assertEquals(9, queue.get(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aChildStartedWithoutASpareStartsWithoutWarmingUp() {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle"))) {
            Queue<Integer> queue = mp.queue();
            ChildProcess child = mp.process(ChronicleWarmUpTest::failIfWarm, queue).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1), "a child that was no spare warmed up before its target");
            assertEquals(8, queue.get(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theWarmUpGoesOnWhileTheJitCompilesAndStopsOnceItIsQuiet(@TempDir Path dir) {
        try (Made made = Made.in(dir, 1 << 10)) {
            ChronicleQueueHandle<Integer> q = made.q();
            // a JIT that finishes a compilation after each of the first 40 batches, then none
            AtomicLong calls = new AtomicLong();
            AtomicLong lastCompiled = new AtomicLong();
            LongSupplier compilingFor40Batches = () -> {
                long n = calls.incrementAndGet();
                if (n <= 40) {
                    lastCompiled.set(System.nanoTime());
                }
                return Math.min(n, 40);
            };
            int items = ChronicleWarmUp.warm(q, 1024, 50_000_000, compilingFor40Batches, 100_000_000L);
            long quietFor = System.nanoTime() - lastCompiled.get();
            assertTrue(items >= 40 * 256, "stopped after " + items + " items while the JIT still compiled");
            assertTrue(quietFor >= 100_000_000L, "stopped " + quietFor / 1_000_000 + " ms after the JIT's last"
                    + " compilation, before it had been quiet 100 ms");
            assertTrue(items < 50_000_000, "did not stop once the JIT was quiet");
            assertEquals(1024 + 256, ChronicleWarmUp.warm(q, 1000, 50_000_000, null, 100_000_000L),
                    "without a JIT clock it takes the least number of items, rounded up to a batch, and the batch"
                    + " its producer was allowed ahead");
            assertEquals(2048, ChronicleWarmUp.warm(q, 1024, 2048, () -> System.nanoTime(), 100_000_000L),
                    "a JIT that never goes quiet stops it at the most items");
            assertEquals(0, q.qsize(), "the warm-up left items in its queue");
        }
    }

    @Test
    void theWarmUpPutsFromAThreadOfItsOwnAndEndsIt(@TempDir Path dir) {
        try (Made made = Made.in(dir, 1 << 10)) {
            ChronicleQueueHandle<Integer> q = made.q();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            AtomicBoolean producerSeen = new AtomicBoolean();
            LongSupplier neverQuiet = () -> {
                if (newProducers(before).findAny().isPresent()) {
                    producerSeen.set(true);
                }
                return System.nanoTime();
            };
            assertEquals(2048, ChronicleWarmUp.warm(q, 1024, 2048, neverQuiet, 100_000_000L));
            assertTrue(producerSeen.get(), "no producer thread put while the warm-up took");
            assertEquals(0, q.qsize(), "the warm-up left items in its queue");
            assertEquals(0, newProducers(before).filter(Thread::isAlive).count(),
                    "the warm-up's producer thread outlived it");
        }
    }

    @Test
    void anAppenderClosedBetweenPutsLosesNothingAndKeepsTheOrder(@TempDir Path dir) {
        try (Made made = Made.in(dir, 1 << 10)) {
            ChronicleQueueHandle<Integer> q = made.q();
            for (int i = 0; i < 100; i++) {
                if (i % 10 == 0) {
                    q.closeAppender();
                    q.closeAppender(); // twice: the second finds none
                }
                q.put(i);
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(i, q.get(Duration.ofSeconds(5)));
            }
            assertEquals(10, appendersMade(made), "each first put after a close makes one appender, no other put does");
        }
    }

    @Test
    void theWarmUpsProducerStartsOnNewAppenders(@TempDir Path dir) {
        try (Made made = Made.in(dir, 1 << 10)) {
            assertEquals(1024, ChronicleWarmUp.warm(made.q(), 1024, 1024, null, 100_000_000L));
            int appenders = appendersMade(made);
            assertTrue(appenders >= 1024 / 64, "the warm-up put 1024 items on " + appenders + " appenders; a real"
                    + " queue's first put would take branches its compiled put never saw");
        }
    }

    @Test
    void theContendedRoundMakesTheHandlesPutWaitAndTakesEveryItemOnce(@TempDir Path dir) {
        try (Made made = Made.in(dir, 1 << 10)) {
            // Whether a put meets the held lock depends on the scheduler (on a loaded machine the
            // put thread may not run during a hold): up to four rounds, as the warm-up runs them.
            List<ContendedRound.Outcome> rounds = new java.util.ArrayList<>();
            for (int i = 0; i < 4 && rounds.stream().allMatch(r -> r.putsThatWaited() == 0); i++) {
                ContendedRound.Outcome round = ContendedRound.run(made.q(), 4096, Duration.ofSeconds(20), () -> false);
                rounds.add(round);
                assertTrue(round.items() > 2 * 4096, round.toString());
                assertEquals(round.items(), round.byGet() + round.byRival(),
                        "two takers racing took each item once, none twice: " + round);
                assertEquals(0, made.q().qsize());
            }
            assertTrue(rounds.stream().anyMatch(r -> r.putsThatWaited() > 0),
                    "the handle's put never found the write lock held: " + rounds);
            assertThrows(QueueEmptyException.class, made.q()::getNowait);
            made.q().put(7); // the queue goes on as usual
            assertEquals(7, made.q().get(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aContendedRoundThatIsStoppedEndsAtOnceAndLeavesNoThread(@TempDir Path dir) throws Exception {
        try (Made made = Made.in(dir, 1 << 10)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
                stop.set(true);
            });
            stopper.start();
            long t0 = System.nanoTime();
            // many more items than it can put in 30 ms
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ContendedRound.run(made.q(), 50_000_000, Duration.ofSeconds(60), stop::get));
            long took = System.nanoTime() - t0;
            stopper.join();
            assertTrue(took < TimeUnit.SECONDS.toNanos(3), "a stopped round took " + took / 1_000_000 + " ms: " + e);
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                assertFalse(t.getName().startsWith("ipc4j-chronicle-warm-up-contended") && t.isAlive(),
                        "the round left " + t.getName() + " running");
            }
        }
    }

    @Test
    void theWarmUpGoesThroughNewQueuesAndLeavesNone(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("ipc4j-chronicle-watched"));
        try (WatchService watcher = root.getFileSystem().newWatchService()) {
            root.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            ChronicleWarmUp.warmIn(root, 256, 256);
            Set<Path> made = new HashSet<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while ((made.size() < 4 || made.stream().noneMatch(p -> p.toString().endsWith("-contended")))
                    && System.nanoTime() < deadline) {
                WatchKey ready = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (ready != null) {
                    for (WatchEvent<?> e : ready.pollEvents()) {
                        if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                            made.add((Path) e.context());
                        }
                    }
                    ready.reset();
                }
            }
            assertTrue(made.size() >= 4, "the warm-up went through " + made + ": a real queue's first put and take"
                    + " would take branches its compiled path never saw");
            assertTrue(made.stream().anyMatch(p -> p.toString().endsWith("-contended")), "the warm-up went through "
                    + made + ", none shared by two appenders and two takers");
        }
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.toList(), "the warm-up left scratch queues");
        }
    }

    @Test
    void aWarmUpStoppedBeforeItsRootIsDeletedLeavesNothing(@TempDir Path tmp) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 8; round++) {
            Path root = Files.createDirectory(tmp.resolve("ipc4j-chronicle-" + round));
            ChronicleWarmUp.Background warming = new ChronicleWarmUp.Background(root,
                    stopped -> ChronicleWarmUp.warmIn(root, 256, 256, stopped));
            int delay = random.nextInt(120);
            Thread.sleep(delay); // at any step: the first queue, a new one, the arrived handle
            warming.stop(); // as the context's close does, then:
            assertFalse(warming.running(), "the warm-up did not stop (seed " + seed + ", " + delay + " ms)");
            ChronicleQueues.deleteTree(root);
            if (Files.exists(root)) {
                try (Stream<Path> left = Files.walk(root)) {
                    fail("round " + round + " (seed " + seed + ", " + delay + " ms): the context's queue root is back"
                            + " or was never deleted: " + left.toList());
                }
            }
        }
    }

    @Test
    void aStoppedWarmUpStopsAtItsNextBatch(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("ipc4j-chronicle-long"));
        // tens of millions of items: only the stop ends it
        ChronicleWarmUp.Background warming = new ChronicleWarmUp.Background(root,
                stopped -> ChronicleWarmUp.warmIn(root, 50_000_000, 50_000_000, stopped));
        Thread.sleep(300);
        long t0 = System.nanoTime();
        warming.stop();
        long took = System.nanoTime() - t0;
        assertFalse(warming.running(), "the warm-up did not stop");
        assertTrue(took < 3_000_000_000L, "the warm-up took " + took / 1_000_000 + " ms to stop");
        assertFalse(Files.exists(root), "the stopped warm-up left its scratch queues, or the root it emptied");
    }

    private static int appendersMade(Made made) {
        QueueFiles files = QueueFiles.attach(made.dir(), ChronicleQueues.DEFAULT_ROLL_CYCLE, false);
        return files.appends.appendersMade();
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** A started thread that does {@code action} 200 ms from now, while a warm-up runs. */
    private static Thread after200Ms(Action action) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    private static Stream<Thread> newProducers(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().equals("ipc4j-chronicle-warm-up-put"));
    }

    @Test
    void aWarmUpWhoseHandleClosesUnderItGivesUp(@TempDir Path dir) throws Exception {
        try (Made made = Made.in(dir, 1 << 10)) {
            ChronicleQueueHandle<Integer> q = made.q();
            Thread closer = after200Ms(q::close);
            long t0 = System.nanoTime();
            // a JIT that never goes quiet and no upper bound: only the close ends it
            assertThrows(IllegalStateException.class,
                    () -> ChronicleWarmUp.warm(q, 1024, Integer.MAX_VALUE - 1024, () -> System.nanoTime(), 100_000_000L));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the warm-up took long to give up");
            closer.join();
        }
    }

    @Test
    void aWarmUpWhoseProducerFailsGivesUp(@TempDir Path dir) {
        // items above 3 bytes are refused: the producer's second put (1,000,003) fails
        try (Made made = Made.in(dir, 3)) {
            ChronicleQueueHandle<Integer> q = made.q();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ChronicleWarmUp.warm(q, 1024, 2048, null, 100_000_000L));
            assertTrue(e.getMessage().contains("producer ended"), e.getMessage());
        }
    }

    @Test
    void aWarmUpWhoseFilesGoGivesUp(@TempDir Path dir) throws Exception {
        try (Made made = Made.in(dir, 1 << 10)) {
            ChronicleQueueHandle<Integer> q = made.q();
            Thread deleter = after200Ms(() -> Files.delete(dir.resolve(QueueFiles.METADATA)));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ChronicleWarmUp.warm(q, 1024, Integer.MAX_VALUE - 1024, () -> System.nanoTime(), 100_000_000L));
            assertTrue(e.getMessage().contains("is gone"), e.getMessage());
            deleter.join();
        }
    }

    @Test
    void aWarmUpWhoseContextClosedFirstMakesNothing(@TempDir Path tmp) throws Exception {
        Path deletedRoot = tmp.resolve("ipc4j-chronicle-closed");
        ChronicleWarmUp.warmIn(deletedRoot, 256, 256);
        assertFalse(Files.exists(deletedRoot), "the warm-up made the queue root its context had deleted");
        Path root = Files.createDirectory(tmp.resolve("ipc4j-chronicle-open"));
        ChronicleWarmUp.warmIn(root, 256, 256);
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "the warm-up left its scratch queue");
        }
    }

    /** A queue this process makes in {@code dir}; closing it closes the handle and unmaps the files. */
    private record Made(ChronicleQueueHandle<Integer> q, Path dir) implements AutoCloseable {
        static Made in(Path dir, int maxItemBytes) {
            Made made = new Made(new ChronicleQueueHandle<>(dir, 0, false, ChronicleQueues.DEFAULT_ROLL_CYCLE,
                    maxItemBytes), dir);
            made.q.attachAsMaker();
            return made;
        }

        @Override
        public void close() {
            q.close();
            QueueFiles.detachAll(dir);
        }
    }

    private static final int CLASSES_LOADED_WHEN_WARM = 8;

    @SuppressWarnings("unchecked")
    private static void failIfArrivingLoadsClasses(byte[] handle) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long before = classes.getTotalLoadedClassCount();
        Queue<Integer> queue = (Queue<Integer>) ObjectCodec.fromBytes(handle);
        queue.put(9);
        long loaded = classes.getTotalLoadedClassCount() - before;
        System.out.println("opening a queue that arrived and putting an item loaded " + loaded + " classes");
        if (loaded > CLASSES_LOADED_WHEN_WARM) {
            throw new IllegalStateException("opening a queue that arrived loaded " + loaded + " classes");
        }
    }

    private static void failIfWarm(Queue<Integer> queue) {
        if (ChronicleWarmUp.done()) {
            throw new IllegalStateException("Chronicle was warmed up");
        }
        queue.put(8);
    }

    private static void reportWhetherWarm(Queue<Object> queue) {
        queue.put(ChronicleWarmUp.done());
    }

    private static void failUnlessWarm(Queue<Integer> queue) {
        if (!ChronicleWarmUp.done()) {
            throw new IllegalStateException("Chronicle is not warmed up");
        }
        queue.put(7);
    }
}
