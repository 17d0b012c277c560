package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Event;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two producer and two consumer processes over one queue; the CPython twin is
 * {@code queue_2p2c} in {@code cpython/bench_twins.py}. Each producer puts {@code 0..n-1}
 * and says it is done; then the parent puts two sentinels ({@code null}), behind every item,
 * and each consumer takes until its first sentinel, then reports its count,
 * sum and the {@code System.nanoTime()} of its first and last item. All four children are
 * started and waiting on an Event before the clock starts, on both sides, so that neither
 * JVM starts nor forks are timed: the clock runs from {@code set()} to the second report.
 * The same children then run a second round, timed the same way: the first round shows
 * children whose code is still cold (a JVM's JIT compiles it during that round), the
 * second what they do once it is compiled.
 * The queue transport is whatever the settings say ({@code ipc4j.queue}).
 *
 * <p>CPython forks its four children from a warm interpreter; the twin of that is four warm
 * spare JVMs ({@code ipc4j.child.spares=4}) unless the settings say otherwise. The spares
 * that replace them boot while the children wait for the go signal, and the clock starts
 * once they are ready, so that no JVM boot runs beside the timed rounds.
 */
public final class QueueTwoToTwoWorkload {
    private QueueTwoToTwoWorkload() {
    }

    /**
     * One run's figures.
     *
     * @param itemsPerSecond       {@code 2n} over the time from the go signal to the second consumer's report, in the
     *                             first round (the children's code still cold)
     * @param steadyItemsPerSecond {@code 2n} over the time from the first item taken to the last, on either consumer,
     *                             in the first round
     * @param warmItemsPerSecond   as {@code itemsPerSecond}, in the second round, the same children again (their
     *                             code compiled by the first)
     */
    public record Result(double itemsPerSecond, double steadyItemsPerSecond, double warmItemsPerSecond) {
    }

    private static final int ROUNDS = 2;
    private static final int CHILDREN = 4;

    /** Runs the workload in a fresh context made with {@code settings}; {@code n} items per producer and round. */
    public static Result run(Map<String, String> settings, int n) {
        Map<String, String> withSpares = new HashMap<>(Map.of(Config.CHILD_SPARES, String.valueOf(CHILDREN)));
        withSpares.putAll(settings);
        try (Context mp = Context.create(withSpares)) {
            Queue<Integer> queue = mp.queue();
            Queue<long[]> reports = mp.queue();
            Queue<String> ready = mp.queue();
            Queue<String> produced = mp.queue();
            List<Event> go = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                go.add(mp.event());
            }
            Duration wait = Duration.ofSeconds(120);
            awaitSpares(mp, wait);
            // daemons: a round that fails ends them at the close, where they would wait for a go that never comes
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN / 2; i++) {
                children.add(mp.process(() -> produceWhenTold(ready, go, queue, produced, n)).name("producer-" + i)
                        .daemon(true).start());
            }
            for (int i = 0; i < CHILDREN / 2; i++) {
                children.add(mp.process(() -> consumeWhenTold(ready, go, queue, reports)).name("consumer-" + i)
                        .daemon(true).start());
            }
            double[] perSecond = new double[ROUNDS];
            double steady = 0;
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < children.size(); i++) {
                    ready.get(wait);
                }
                awaitSpares(mp, wait); // the spares replacing the children, booted
                long start = System.nanoTime();
                go.get(r).set();
                // The end markers go in once both producers are done, behind every item: a marker put by a
                // producer could reach one consumer while the other has taken the last marker already, and a
                // consumer that stops gives back what it had fetched past its marker, to no one. (CPython's twin
                // keeps the producers' own markers: its consumers fetch nothing ahead, and its puts are
                // asynchronous, so a "done" could overtake the items.)
                produced.get(wait);
                produced.get(wait);
                queue.put(null);
                queue.put(null);
                long[] a = reports.get(wait);
                long[] b = reports.get(wait);
                long end = System.nanoTime();
                long expectedSum = 2 * ((long) n * (n - 1) / 2);
                if (a[0] + b[0] != 2L * n || a[1] + b[1] != expectedSum) {
                    throw new IllegalStateException("took " + (a[0] + b[0]) + " items summing to " + (a[1] + b[1])
                            + "; expected " + 2L * n + " summing to " + expectedSum + " in round " + (r + 1));
                }
                perSecond[r] = 2.0 * n / ((end - start) / 1e9);
                if (r == 0) {
                    long first = Math.min(a[2], b[2]);
                    long last = Math.max(a[3], b[3]);
                    steady = 2.0 * n / ((last - first) / 1e9);
                }
            }
            for (ChildProcess c : children) {
                if (!c.join(wait)) {
                    c.kill();
                    throw new IllegalStateException(c.name() + " did not end");
                }
            }
            return new Result(perSecond[0], steady, perSecond[ROUNDS - 1]);
        }
    }

    private static void awaitSpares(Context mp, Duration wait) {
        if (!mp.awaitSpares(wait)) {
            throw new IllegalStateException("the spare children did not come up");
        }
    }

    static void produceWhenTold(Queue<String> ready, List<Event> go, Queue<Integer> queue, Queue<String> produced,
                                int n) {
        for (Event round : go) {
            ready.put("producer");
            round.waitFor();
            for (int i = 0; i < n; i++) {
                queue.put(i);
            }
            produced.put("done");
        }
    }

    static void consumeWhenTold(Queue<String> ready, List<Event> go, Queue<Integer> queue, Queue<long[]> reports) {
        for (Event round : go) {
            ready.put("consumer");
            round.waitFor();
            long count = 0;
            long sum = 0;
            long first = 0;
            for (Integer v = queue.get(); v != null; v = queue.get()) {
                if (count == 0) {
                    first = System.nanoTime();
                }
                count++;
                sum += v;
            }
            reports.put(new long[] {count, sum, first, System.nanoTime()});
        }
    }
}
