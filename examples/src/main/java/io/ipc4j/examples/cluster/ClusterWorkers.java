package io.ipc4j.examples.cluster;

import io.ipc4j.IntArray;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The targets that run in the cluster's child JVMs: producers and consumers. */
final class ClusterWorkers {
    /** The end marker: no real item is negative. */
    static final int END = -1;
    private static final long REPORT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private ClusterWorkers() {
    }

    /** Puts the values {@code from} (inclusive) to {@code to} (exclusive). */
    static void produce(Queue<Integer> work, int from, int to) {
        for (int v = from; v < to; v++) {
            work.put(v);
        }
        work.close();
    }

    /**
     * Takes items until the end marker, summing them, and reports its totals every
     * quarter second and once more at the end; with {@code seen}, also counts each value taken there.
     *
     * @throws io.ipc4j.QueueEmptyException when nothing arrives within {@code wait}
     */
    static void consume(int id, Queue<Integer> work, Queue<ConsumerReport> reports, Duration wait, IntArray seen) {
        long count = 0;
        long sum = 0;
        long firstMillis = 0;
        long firstNanos = 0;
        long lastNanos = 0;
        long nextReport = System.nanoTime() + REPORT_EVERY_NANOS;
        while (true) {
            int v = work.get(wait);
            if (v == END) {
                break;
            }
            lastNanos = System.nanoTime();
            if (count == 0) {
                firstMillis = System.currentTimeMillis();
                firstNanos = lastNanos;
            }
            if (seen != null) {
                seen.getAndAdd(v, 1);
            }
            count++;
            sum += v;
            if (lastNanos - nextReport >= 0) {
                reports.put(report(id, count, sum, firstMillis, firstNanos, lastNanos, false));
                nextReport = lastNanos + REPORT_EVERY_NANOS;
            }
        }
        reports.put(report(id, count, sum, firstMillis, firstNanos, lastNanos, true));
        reports.close();
    }

    /** Wall-clock times derived from one reading plus monotonic offsets, so both stay consistent. */
    private static ConsumerReport report(int id, long count, long sum, long firstMillis, long firstNanos,
            long lastNanos, boolean done) {
        long lastMillis = count == 0 ? 0 : firstMillis + TimeUnit.NANOSECONDS.toMillis(lastNanos - firstNanos);
        return new ConsumerReport(id, count, sum, firstMillis, lastMillis, done);
    }
}
