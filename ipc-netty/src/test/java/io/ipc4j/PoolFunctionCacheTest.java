package io.ipc4j;

import io.ipc4j.internal.pool.PoolWorker;
import io.ipc4j.internal.pool.ProcessPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A pool sends a job's function to a worker only when it guesses the worker lacks it. Here
 * the workers keep only their last job's function while the pool guesses they keep
 * sixteen, so the guess is often wrong: a worker must ask for the function it forgot, and
 * every map must still return the right results.
 */
@Timeout(120)
class PoolFunctionCacheTest {
    private static final int HALF = 65_536;
    Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    /** A pool whose workers keep one job's function, and the pool's guess sixteen. */
    Pool forgetfulPool(int workers, int maxTasksPerChild, int retries) {
        return new ProcessPool(mp.poolHost(), workers, new PoolWorker.Settings(null, maxTasksPerChild, null, 1), 0, retries);
    }

    /**
     * Words whose second half a reader waits for until let through: the pool cuts a job's
     * input 64k items at a time, so the first half is queued (and run) before the caller
     * cuts the second.
     */
    static final class GatedWords extends AbstractList<String> implements RandomAccess {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        @Override
        public String get(int i) {
            if (i >= HALF) {
                reached.countDown();
                try {
                    assertTrue(open.await(60, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return "w" + i;
        }

        @Override
        public int size() {
            return 2 * HALF;
        }
    }

    /**
     * Job A's first chunk runs, job B's runs, then A's second: the worker has forgotten A's
     * function by then, while the pool guesses it still has it.
     */
    void forgottenFunction(Pool pool) throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            GatedWords words = new GatedWords();
            Future<List<Integer>> a = caller.submit(() -> pool.map((String w) -> w.length() + 1000, words, HALF));
            assertTrue(words.reached.await(60, TimeUnit.SECONDS));
            assertEquals(List.of(4, 4, 6), pool.map((String w) -> w.length() * 2, List.of("ab", "cd", "efg"), 3));
            words.open.countDown();
            List<Integer> got = a.get(60, TimeUnit.SECONDS);
            assertEquals(IntStream.range(0, 2 * HALF).mapToObj(i -> ("w" + i).length() + 1000)
                    .collect(Collectors.toList()), got);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void aWorkerThatForgotAJobsFunctionAsksForItAndTheMapFinishes() throws Exception {
        try (Pool pool = forgetfulPool(1, 0, 1)) {
            forgottenFunction(pool);
            assertEquals(List.of(2, 3), pool.map((Integer x) -> x + 1, List.of(1, 2)), "the pool goes on");
        }
    }

    @Test
    void aChunkSentAgainForItsFunctionCountsOnceTowardsMaxTasksPerChild() throws Exception {
        // The worker runs A's first chunk, B's, and A's second (sent twice) and then
        // leaves; with no retries, a worker that left one chunk early would fail the map.
        try (Pool pool = forgetfulPool(1, 3, 0)) {
            forgottenFunction(pool);
        }
    }

    @Test
    void manyJobsInterleavedOnWorkersThatKeepOneFunctionEachAllReturnTheirOwnResults() throws Exception {
        // Callers at once, each with its own function: chunks of numbers (which a worker may
        // be handed several of at once) and of strings, jobs meeting on each worker in turns.
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (Pool pool = forgetfulPool(2, 0, 1)) {
            List<Integer> numbers = IntStream.range(0, 150_000).boxed().collect(Collectors.toList());
            List<String> words = IntStream.range(0, 150_000).mapToObj(i -> "w" + i).collect(Collectors.toList());
            List<Future<?>> jobs = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int j = 0; j < 8; j++) {
                int add = j;
                jobs.add(callers.submit(() -> {
                    go.await();
                    for (int round = 0; round < 3; round++) {
                        if (add % 2 == 0) {
                            assertEquals(numbers.stream().map(x -> x + add).collect(Collectors.toList()),
                                    pool.map((Integer x) -> x + add, numbers, 2_000));
                        } else {
                            assertEquals(words.stream().map(w -> w.length() + add).collect(Collectors.toList()),
                                    pool.map((String w) -> w.length() + add, words, 2_000));
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> job : jobs) {
                job.get(100, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
