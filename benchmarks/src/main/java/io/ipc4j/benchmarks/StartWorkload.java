package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Pool;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How long things take to be ready: a child's {@code start()} + {@code join()} of a no-op,
 * cold and from a warm spare; {@code pool(2)} until both workers have answered and a tiny
 * map has returned, cold and from the context's spares; and the first map of a big list
 * on a pool that has run nothing yet. The contexts are created (and their spares made
 * ready) before the clock starts: {@code Context.create} is not what is measured.
 */
public final class StartWorkload {
    /** The tiny map of {@code pool_start}: CPython's twin maps {@code square} over {@code range(10)}. */
    private static final List<Integer> TINY = IntStream.range(0, 10).boxed().collect(Collectors.toList());
    private static final Duration SPARES_READY = Duration.ofSeconds(120);

    private StartWorkload() {
    }

    /** The median and the first of a workload's timings, in milliseconds. */
    public record Result(double medianMillis, double firstMillis) {
    }

    /** {@code rounds} no-op children one after the other, each {@code start()} until {@code join()} returns. */
    public static Result childStart(Map<String, String> settings, int rounds, boolean fromSpare) {
        try (Context mp = Context.create(withSpares(settings, fromSpare ? 1 : 0))) {
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                if (fromSpare) {
                    awaitSpares(mp);
                }
                long t0 = System.nanoTime();
                ChildProcess p = mp.process(StartWorkload::noop).start();
                ValueLockWorkload.join(p);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return result(ms);
        }
    }

    /**
     * {@code rounds} pools of two workers one after the other, each from {@code pool(2)} until
     * both workers have answered and a map of ten squares has returned; the pool's close is
     * not timed. With spares, the context keeps two.
     */
    public static Result poolStart(Map<String, String> settings, int rounds, boolean fromSpares) {
        try (Context mp = Context.create(withSpares(settings, fromSpares ? 2 : 0))) {
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                if (fromSpares) {
                    awaitSpares(mp);
                }
                long t0 = System.nanoTime();
                try (Pool pool = mp.pool(2)) {
                    PoolMapWorkload.awaitWorkers(pool);
                    List<Long> squares = pool.map(PoolMapWorkload::square, TINY);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    if (squares.size() != TINY.size() || squares.get(9) != 81L) {
                        throw new IllegalStateException("the tiny map returned " + squares);
                    }
                }
            }
            return result(ms);
        }
    }

    /**
     * The first {@code map} of {@code n} squares on a pool of two whose workers have answered
     * once but run no map yet, in seconds: what a script that maps once sees.
     */
    public static double poolMapFirst(Map<String, String> settings, int n) {
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        try (Context mp = Context.create(settings); Pool pool = mp.pool(2)) {
            PoolMapWorkload.awaitWorkers(pool);
            long t = System.nanoTime();
            List<Long> squares = pool.map(PoolMapWorkload::square, items);
            double seconds = (System.nanoTime() - t) / 1e9;
            long last = (long) (n - 1) * (n - 1);
            if (squares.size() != n || squares.get(n - 1) != last) {
                throw new IllegalStateException("got " + squares.size() + " squares; expected " + n);
            }
            return seconds;
        }
    }

    static void noop() {
    }

    private static Map<String, String> withSpares(Map<String, String> settings, int spares) {
        Map<String, String> s = new HashMap<>(settings);
        if (spares > 0) {
            s.put(Config.CHILD_SPARES, Integer.toString(spares));
        }
        return s;
    }

    private static void awaitSpares(Context mp) {
        if (!mp.awaitSpares(SPARES_READY)) {
            throw new IllegalStateException("the spares were not ready within " + SPARES_READY);
        }
    }

    private static Result result(double[] ms) {
        double first = ms[0];
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Result(sorted[sorted.length / 2], first);
    }
}
