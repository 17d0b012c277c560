package io.ipc4j.examples.cluster;

import io.ipc4j.ChildProcess;
import io.ipc4j.IntArray;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The cluster's {@code --chaos}: while the producers run, a random consumer is killed with
 * SIGKILL every few hundred milliseconds and a new one takes its place. Consumers then
 * record every value they take in a shared array, so the end check counts each value's
 * deliveries instead of trusting the reports of consumers that died.
 */
final class Chaos {
    private final Random random = new Random();
    private final List<ChildProcess> consumers;
    private final IntFunction<ChildProcess> startConsumer;
    private final long meanIntervalNanos;
    private final IntArray seen;
    private long nextKill;
    private int kills;

    /**
     * @param consumers     the running consumers; a killed one is replaced in place
     * @param startConsumer starts the consumer with the given number
     * @param seen          how often each value was taken, filled in by the consumers
     */
    Chaos(List<ChildProcess> consumers, IntFunction<ChildProcess> startConsumer, Duration meanInterval, IntArray seen) {
        this.consumers = consumers;
        this.startConsumer = startConsumer;
        this.meanIntervalNanos = meanInterval.toNanos();
        this.seen = seen;
        this.nextKill = System.nanoTime() + nextInterval();
    }

    private long nextInterval() {
        return meanIntervalNanos / 2 + (long) (random.nextDouble() * meanIntervalNanos);
    }

    /** Kills and replaces a random consumer when its time has come. */
    void strikeIfDue(long now) {
        if (now - nextKill < 0) {
            return;
        }
        int victim = random.nextInt(consumers.size());
        ChildProcess doomed = consumers.get(victim);
        doomed.kill();
        doomed.join();
        consumers.set(victim, startConsumer.apply(victim));
        kills++;
        ClusterCoordinator.say("chaos: killed %s (pid %d), started %s", doomed.name(), doomed.pid(),
                consumers.get(victim).name());
        nextKill = System.nanoTime() + nextInterval();
    }

    /**
     * Counts each value's deliveries. A consumer killed after {@code get} returned a value
     * and before it recorded it takes that one value with it: at most one per kill.
     *
     * @return 0 when no value was delivered twice and what is unrecorded is within that bound, else 1
     */
    int verify(int items) {
        int[] counts = seen.toArray();
        long duplicates = 0;
        long missing = 0;
        long sum = 0;
        for (int v = 0; v < items; v++) {
            if (counts[v] == 0) {
                missing++;
            } else {
                sum += v;
                duplicates += counts[v] - 1;
            }
        }
        ClusterCoordinator.say("chaos: killed and replaced %d consumers", kills);
        if (duplicates > 0) {
            ClusterCoordinator.say("checksum FAILED: %d deliveries of values already delivered", duplicates);
            return 1;
        }
        if (missing == 0) {
            ClusterCoordinator.say("checksum OK (count %d, sum %d)", items, sum);
            return 0;
        }
        if (missing <= kills) {
            ClusterCoordinator.say("checksum OK for the %d values recorded (sum %d), none delivered twice; "
                    + "%d taken by consumers killed between get and their record (at most one per kill)",
                    items - missing, sum, missing);
            return 0;
        }
        ClusterCoordinator.say("checksum FAILED: %d values never delivered after %d kills", missing, kills);
        return 1;
    }
}
