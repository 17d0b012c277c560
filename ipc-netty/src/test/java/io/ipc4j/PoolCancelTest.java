package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A pool's ExecutorService view: what {@code invokeAny} no longer needs, and a future the
 * caller cancels, do not run (a task a worker has already begun finishes).
 */
@Timeout(120)
class PoolCancelTest {
    private static Context mp;

    @BeforeAll
    static void start() {
        mp = Context.create();
    }

    @AfterAll
    static void stop() {
        mp.close();
    }

    /** A task that takes a while and leaves a file behind, so that one can count which ran. */
    private static Callable<String> slow(Path dir, int i) {
        String where = dir.toString();
        return (Callable<String> & Serializable) () -> {
            Thread.sleep(1000);
            Files.createFile(Path.of(where, "ran-" + i));
            return "slow " + i;
        };
    }

    private static long ran(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static void invokeAnyCancelsTheRest(Pool pool, Path dir) throws Exception {
        ExecutorService ex = pool.asExecutorService();
        List<Callable<String>> tasks = new ArrayList<>();
        tasks.add((Callable<String> & Serializable) () -> "first");
        for (int i = 0; i < 6; i++) {
            tasks.add(slow(dir, i));
        }
        assertEquals("first", ex.invokeAny(tasks));
        assertEquals("after", ex.submit((Callable<String> & Serializable) () -> "after").get(60, TimeUnit.SECONDS));
        // One slow task may have begun before invokeAny had its answer; the others never run.
        assertTrue(ran(dir) <= 1, ran(dir) + " of the tasks invokeAny no longer needed ran");

        Path late = Files.createDirectory(dir.resolve("late"));
        List<Callable<String>> allSlow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            allSlow.add(slow(late, i));
        }
        assertThrows(TimeoutException.class, () -> ex.invokeAny(allSlow, 200, TimeUnit.MILLISECONDS));
        assertEquals("after", ex.submit((Callable<String> & Serializable) () -> "after").get(60, TimeUnit.SECONDS));
        assertTrue(ran(late) <= 1, ran(late) + " of the tasks of a timed-out invokeAny ran");
    }

    @Test
    void invokeAnyOnAProcessPoolCancelsTheTasksItNoLongerNeeds(@TempDir Path dir) throws Exception {
        try (Pool pool = mp.pool(1)) {
            invokeAnyCancelsTheRest(pool, dir);
        }
    }

    @Test
    void invokeAnyOnAThreadPoolCancelsTheTasksItNoLongerNeeds(@TempDir Path dir) throws Exception {
        try (Pool pool = mp.threadPool(1)) {
            invokeAnyCancelsTheRest(pool, dir);
        }
    }

    @Test
    void aCancelledFutureDoesNotRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (Pool pool = mp.threadPool(1)) {
            ExecutorService ex = pool.asExecutorService();
            java.util.concurrent.CountDownLatch cancelsDone = new java.util.concurrent.CountDownLatch(1);
            Future<?> busy = ex.submit(() -> {
                try {
                    cancelsDone.await(60, TimeUnit.SECONDS); // the pool's one thread is busy until both are cancelled
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Future<?> cancelled = ex.submit(ran::incrementAndGet);
            assertTrue(cancelled.cancel(false));
            AsyncResult<Integer> cancelledResult = pool.applyAsync(ran::incrementAndGet);
            assertTrue(cancelledResult.toCompletableFuture().cancel(false));
            cancelsDone.countDown();
            busy.get(60, TimeUnit.SECONDS);
            assertEquals(7, pool.apply(() -> 7));
            assertEquals(0, ran.get());
        }
    }
}
