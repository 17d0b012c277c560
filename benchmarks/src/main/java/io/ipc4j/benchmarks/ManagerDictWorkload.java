package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Manager;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.Map;

/**
 * The twin of CPython's {@code manager_dict}: a child sets, then gets, the 100 keys of a
 * manager dict {@code n} times each and reports the mean time of one call, each a round trip
 * to the manager process, once warm. Before that it makes {@code warmup} sets and gets (both
 * sides do): the first twenty thousand or so calls of a fresh client and server run while the
 * JIT compiles their code and take up to three times as long. The mean of those first sets is
 * reported apart, as the cold figure a short script sees.
 */
public final class ManagerDictWorkload {
    private static final int KEYS = 100;

    private ManagerDictWorkload() {
    }

    /**
     * One run's figures.
     *
     * @param setMicros mean time of one {@code put}
     * @param getMicros mean time of one {@code get}
     * @param coldSetMicros mean time of one of the first {@code warmup} sets, while the JIT compiles
     */
    public record Result(double setMicros, double getMicros, double coldSetMicros) {
    }

    /** Runs the workload in a fresh context made with {@code settings}. */
    public static Result run(Map<String, String> settings, int warmup, int n) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be at least 0, not " + warmup);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, not " + n);
        }
        try (Context mp = Context.create(settings); Manager m = mp.manager()) {
            Map<Integer, Integer> d = m.dict();
            Queue<double[]> out = mp.queue();
            ChildProcess child = mp.process(() -> client(d, out, warmup, n)).name("dict-client").start();
            double[] micros = out.get(Duration.ofSeconds(120));
            if (!child.join(Duration.ofSeconds(60))) {
                child.kill();
                throw new IllegalStateException("the dict client did not end");
            }
            int keys = Math.min(Math.max(n, warmup), KEYS);
            if (d.size() != keys) {
                throw new IllegalStateException("the dict has " + d.size() + " keys, not " + keys);
            }
            return new Result(micros[0], micros[1], micros[2]);
        }
    }

    private static void client(Map<Integer, Integer> d, Queue<double[]> out, int warmup, int n) {
        long coldStart = System.nanoTime();
        for (int i = 0; i < warmup; i++) {
            d.put(i % KEYS, i);
        }
        long coldNanos = System.nanoTime() - coldStart;
        for (int i = 0; i < warmup; i++) {
            d.get(i % KEYS);
        }
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            d.put(i % KEYS, i);
        }
        long setNanos = System.nanoTime() - t;
        t = System.nanoTime();
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += d.get(i % KEYS);
        }
        long getNanos = System.nanoTime() - t;
        if (total < 0) {
            throw new IllegalStateException("impossible total " + total);
        }
        out.put(new double[] {setNanos / 1e3 / n, getNanos / 1e3 / n, warmup == 0 ? 0 : coldNanos / 1e3 / warmup});
    }
}
