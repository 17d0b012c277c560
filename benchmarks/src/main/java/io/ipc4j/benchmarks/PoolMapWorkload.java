package io.ipc4j.benchmarks;

import io.ipc4j.Context;
import io.ipc4j.Pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The twin of CPython's {@code pool_map} ({@code bench_mp.py}, and seed 000's "Performance
 * Test"): {@code pool(2).map(x -> x * x, 0..n-1)}, the squares as {@code long}s (the larger
 * ones do not fit an {@code int}; CPython's ints grow). The pool is started and warmed up
 * with five maps of the same items, and the heap collected, before the clock
 * starts; its start-up (from
 * {@code mp.pool(2)} until both workers have answered) is measured on its own. The
 * input list is built before the clock, as CPython's {@code range} costs nothing.
 */
public final class PoolMapWorkload {
    /** Maps of all the items before the clock starts, so that the JIT has compiled both sides. */
    private static final int WARM_UP_MAPS = 5;

    private PoolMapWorkload() {
    }

    /**
     * One run's figures.
     *
     * @param mapSeconds the timed {@code map} of {@code n} items on the started, warm pool
     * @param startMillis from {@code mp.pool(2)} until both workers have run a task
     * @param serialSeconds the same squares by a plain loop in this JVM
     */
    public record Result(double mapSeconds, double startMillis, double serialSeconds) {
    }

    static long square(int x) {
        return (long) x * x;
    }

    /** Runs the workload in a fresh context made with {@code settings}. */
    public static Result run(Map<String, String> settings, int n) {
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        try (Context mp = Context.create(settings)) {
            long t0 = System.nanoTime();
            try (Pool pool = mp.pool(2)) {
                awaitWorkers(pool);
                double startMillis = (System.nanoTime() - t0) / 1e6;

                for (int round = 0; round < WARM_UP_MAPS; round++) {
                    List<Long> warm = pool.map(PoolMapWorkload::square, items);
                    check(warm, warm.size());
                }
                // What the warm-up and the input left behind is collected now, not on the clock
                System.gc();

                long t = System.nanoTime();
                List<Long> squares = pool.map(PoolMapWorkload::square, items);
                double mapSeconds = (System.nanoTime() - t) / 1e9;
                check(squares, n);

                t = System.nanoTime();
                List<Long> serial = new ArrayList<>(n);
                for (Integer x : items) {
                    serial.add(square(x));
                }
                double serialSeconds = (System.nanoTime() - t) / 1e9;
                check(serial, n);
                return new Result(mapSeconds, startMillis, serialSeconds);
            }
        }
    }

    private static void check(List<Long> squares, int n) {
        long last = (long) (n - 1) * (n - 1);
        if (squares.size() != n || (n > 0 && squares.get(n - 1) != last)) {
            throw new IllegalStateException("got " + squares.size() + " squares ending in "
                    + (squares.isEmpty() ? "nothing" : squares.get(squares.size() - 1)) + "; expected " + n
                    + " ending in " + last);
        }
    }

    /** Until each of the two workers has run a short task: the pool is fully up. */
    static void awaitWorkers(Pool pool) {
        Set<Long> pids = new HashSet<>();
        for (int attempt = 0; attempt < 1000 && pids.size() < pool.size(); attempt++) {
            pids.addAll(pool.map((Integer i) -> {
                Thread.sleep(2);
                return ProcessHandle.current().pid();
            }, Collections.nCopies(pool.size(), 0), 1));
        }
        if (pids.size() < pool.size()) {
            throw new IllegalStateException("only " + pids.size() + " of " + pool.size() + " workers came up");
        }
    }
}
