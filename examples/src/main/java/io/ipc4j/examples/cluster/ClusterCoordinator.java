package io.ipc4j.examples.cluster;

import io.ipc4j.ChildProcess;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.examples.Children;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The coordinator's side of a running cluster: progress, end markers, and the final check. */
final class ClusterCoordinator {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long PRINT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final int items;
    private final Queue<Integer> work;
    private final Queue<ConsumerReport> reports;
    private final List<ChildProcess> producers;
    private final long[] producerItems;
    private final List<ChildProcess> consumers;
    private final Duration wait;
    private final long startNanos;
    private final ConsumerTally tally;
    private final Chaos chaos;

    ClusterCoordinator(int items, Queue<Integer> work, Queue<ConsumerReport> reports, List<ChildProcess> producers,
            long[] producerItems, List<ChildProcess> consumers, Duration wait, long startNanos, Chaos chaos) {
        this.producerItems = producerItems;
        this.chaos = chaos;
        this.items = items;
        this.work = work;
        this.reports = reports;
        this.producers = producers;
        this.consumers = consumers;
        this.wait = wait;
        this.startNanos = startNanos;
        this.tally = new ConsumerTally(consumers.size());
    }

    /** Follows the cluster to its end. @return 0 when every item arrived exactly once, else 1 */
    int run() {
        String failure = follow();
        if (failure != null) {
            System.err.println("cluster failed: " + failure);
            Children.terminateAll(producers);
            Children.terminateAll(consumers);
            return 1;
        }
        if (Children.joinAll(consumers) != 0) {
            return 1;
        }
        return summarize();
    }

    /**
     * Reads reports until every consumer is done, printing progress and sending the end
     * markers once all producers have ended. @return why it failed, or null
     */
    private String follow() {
        boolean endsSent = false;
        long lastNews = System.nanoTime();
        long nextPrint = lastNews + PRINT_EVERY_NANOS;
        while (!tally.allDone()) {
            ConsumerReport r = poll();
            long now = System.nanoTime();
            if (r != null) {
                tally.add(r);
                lastNews = now;
            }
            if (chaos != null && !endsSent) {
                chaos.strikeIfDue(now);
            }
            if (!endsSent && producers.stream().noneMatch(ChildProcess::isAlive)) {
                if (Children.joinAll(producers) != 0) {
                    return "a producer failed";
                }
                for (int c = 0; c < consumers.size(); c++) {
                    work.put(ClusterWorkers.END);
                }
                endsSent = true;
                say("producers done after %.1f s; sent %d end markers", seconds(), consumers.size());
            }
            for (ChildProcess c : consumers) {
                if (c.exitCode().orElse(0) != 0) {
                    return c.name() + " exited with code " + c.exitCode().getAsInt();
                }
            }
            if (now - lastNews > wait.toNanos()) {
                return "no report from any consumer for " + wait.toSeconds() + " s";
            }
            if (now - nextPrint >= 0) {
                say("progress: %d of %d items consumed (%d%%)", tally.count(), items,
                        items == 0 ? 100 : tally.count() * 100 / items);
                nextPrint = now + PRINT_EVERY_NANOS;
            }
        }
        return null;
    }

    private ConsumerReport poll() {
        try {
            return reports.get(POLL);
        } catch (QueueEmptyException e) {
            return null;
        }
    }

    private int summarize() {
        if (chaos != null) {
            say("wall time: %.2f s", seconds());
            return chaos.verify(items);
        }
        long expectedSum = (long) items * (items - 1) / 2;
        say("consumed %d items; per consumer %s", tally.count(), tally.counts());
        long span = tally.spanMillis();
        if (span > 0) {
            say("throughput: %.0f items/s (%d items in %d ms from the first item taken to the last)",
                    tally.count() * 1000.0 / span, tally.count(), span);
        }
        perHost();
        say("wall time: %.2f s, including starting %d JVMs", seconds(), producers.size() + consumers.size());
        if (tally.count() == items && tally.sum() == expectedSum) {
            say("checksum OK (count %d, sum %d)", items, expectedSum);
            return 0;
        }
        say("checksum FAILED: count %d (expected %d), sum %d (expected %d)", tally.count(), items, tally.sum(),
                expectedSum);
        return 1;
    }

    /** For each host, in the order they first appear: what ran there and what its consumers took, how fast. */
    private void perHost() {
        java.util.Map<String, List<Integer>> producersOn = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Integer>> consumersOn = new java.util.LinkedHashMap<>();
        for (int p = 0; p < producers.size(); p++) {
            producersOn.computeIfAbsent(producers.get(p).host(), h -> new java.util.ArrayList<>()).add(p);
            consumersOn.computeIfAbsent(producers.get(p).host(), h -> new java.util.ArrayList<>());
        }
        for (int c = 0; c < consumers.size(); c++) {
            producersOn.computeIfAbsent(consumers.get(c).host(), h -> new java.util.ArrayList<>());
            consumersOn.computeIfAbsent(consumers.get(c).host(), h -> new java.util.ArrayList<>()).add(c);
        }
        for (String host : producersOn.keySet()) {
            long produced = 0;
            for (int p : producersOn.get(host)) {
                produced += producerItems[p];
            }
            List<Integer> cs = consumersOn.get(host);
            long taken = tally.count(cs);
            long span = tally.spanMillis(cs);
            say("host %s: %d producers (%d items put), %d consumers (%d items taken%s)", host,
                    producersOn.get(host).size(), produced, cs.size(), taken,
                    span > 0 ? String.format(Locale.ROOT, ", %.0f items/s", taken * 1000.0 / span) : "");
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints one whole line, so that child output copied in between cannot split it. */
    static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
