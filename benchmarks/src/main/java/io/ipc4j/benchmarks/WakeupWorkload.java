package io.ipc4j.benchmarks;

import io.ipc4j.Context;

import java.util.Arrays;
import java.util.Map;

/**
 * How fast a waiter parked on an {@link Event} in another JVM wakes after {@code set()},
 * over enough rounds that both sides are warm (the cold figure, of the first rounds, is
 * given beside it), and how much CPU a thread blocked in {@code waitFor} for a second uses.
 * Each round pauses {@code pauseMillis} before {@code set()}, long enough for the waiter
 * to have parked (an Event's waiter parks at once, without spinning).
 */
public final class WakeupWorkload {
    /** The rounds the cold figure is the median of. */
    static final int COLD_ROUNDS = 20;

    private WakeupWorkload() {
    }

    /**
     * @param warmMicros median wake-up of the second half of the rounds
     * @param coldMicros median wake-up of the first {@link #COLD_ROUNDS} rounds
     */
    public record Result(double warmMicros, double coldMicros) {
    }

    public static Result eventWakeup(Map<String, String> settings, int rounds, int pauseMillis) {
        if (rounds < 2 * COLD_ROUNDS) {
            throw new IllegalArgumentException("event_wakeup needs at least " + 2 * COLD_ROUNDS + " rounds, not "
                    + rounds);
        }
        try (Context mp = Context.create(settings)) {
            long[] latencies = ValueLockWorkload.wakeLatencies(mp, rounds, pauseMillis);
            return new Result(median(Arrays.copyOfRange(latencies, rounds / 2, rounds)),
                    median(Arrays.copyOfRange(latencies, 0, COLD_ROUNDS)));
        }
    }

    /** CPU time in ms of a child's thread blocked for a second in {@code waitFor}, after a first wait. */
    public static double waiterIdleCpu(Map<String, String> settings) {
        try (Context mp = Context.create(settings)) {
            return ValueLockWorkload.waiterCpu(mp);
        }
    }

    private static double median(long[] nanos) {
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e3;
    }
}
