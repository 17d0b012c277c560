package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.Map;

/**
 * The twin of CPython's {@code queue_throughput}: a child puts {@code 0..n-1} and a
 * sentinel; the coordinator takes until the sentinel and checks the sum. The clock starts
 * before the child is started, as CPython's does before {@code p.start()}. CPython forks
 * its child from a warm interpreter; the twin of that is a warm spare JVM
 * ({@code ipc4j.child.spares=1}, ready before the clock starts) unless the settings say otherwise.
 */
public final class QueueOneToOneWorkload {
    private QueueOneToOneWorkload() {
    }

    /**
     * One run's figures.
     *
     * @param itemsPerSecond n over the time from starting the child to the sentinel
     * @param steadyItemsPerSecond items after the first over the time from the first item to the sentinel
     * @param firstItemMillis from starting the child to the first item taken
     */
    public record Result(double itemsPerSecond, double steadyItemsPerSecond, double firstItemMillis) {
    }

    /** Runs the workload in a fresh context made with {@code settings}. */
    public static Result run(Map<String, String> settings, int n) {
        Map<String, String> withSpare = new java.util.HashMap<>(Map.of(Config.CHILD_SPARES, "1"));
        withSpare.putAll(settings);
        try (Context mp = Context.create(withSpare)) {
            Queue<Integer> queue = mp.queue();
            if (!mp.awaitSpares(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the spare child did not come up");
            }
            long start = System.nanoTime();
            ChildProcess child = mp.process(Targets::produce, queue, n).name("producer").start();
            long sum = 0;
            long first = 0;
            int count = 0;
            while (true) {
                Integer v = queue.get();
                if (count == 0) {
                    first = System.nanoTime();
                }
                if (v == null) {
                    break;
                }
                sum += v;
                count++;
            }
            long end = System.nanoTime();
            if (!child.join(Duration.ofSeconds(60))) {
                child.kill();
                throw new IllegalStateException("the producer did not end");
            }
            long expected = (long) n * (n - 1) / 2;
            if (count != n || sum != expected) {
                throw new IllegalStateException("took " + count + " items summing to " + sum + "; expected " + n
                        + " summing to " + expected);
            }
            double steady = n > 1 ? (n - 1) / ((end - first) / 1e9) : Double.NaN;
            return new Result(n / ((end - start) / 1e9), steady, (first - start) / 1e6);
        }
    }
}
