package io.ipc4j.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spare reports ready once its process is idle (its compilers done with what the warm-up
 * made hot), judged by its CPU time as Linux counts it, in 10 ms ticks; and not later than
 * its bound when the process never is; and stops waiting when its target comes. The CPU clocks here are made up from the wall clock.
 */
@Timeout(60)
class SpareIdleTest {
    private static final long MS = 1_000_000;
    private static final java.util.function.BooleanSupplier NEVER = () -> false;

    /** A CPU clock that runs at {@code share} of the wall clock until {@code busyFor}, in 10 ms ticks. */
    private static LongSupplier cpuClock(double share, long busyForNanos) {
        long t0 = System.nanoTime();
        return () -> {
            long busy = Math.min(System.nanoTime() - t0, busyForNanos);
            return (long) (busy * share) / (10 * MS) * (10 * MS);
        };
    }

    @Test
    void aProcessUsingAThirdOfACoreIsNotIdleAndTheWaitEndsAtItsBound() {
        long t0 = System.nanoTime();
        assertFalse(SpareWarmUp.awaitIdle(cpuClock(1 / 3.0, Long.MAX_VALUE), 600 * MS, NEVER));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 600 * MS, "gave up after " + waited / MS + " ms");
        assertTrue(waited < 3_000 * MS, "waited " + waited / MS + " ms past a 600 ms bound");
    }

    @Test
    void workThatStopsIsSeenIdleWithinAWindowOrTwo() {
        long t0 = System.nanoTime();
        assertTrue(SpareWarmUp.awaitIdle(cpuClock(1.5, 350 * MS), TimeUnit.SECONDS.toNanos(10), NEVER));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 350 * MS, "saw it idle after " + waited / MS + " ms, while it still worked");
        assertTrue(waited < 350 * MS + 3 * SpareWarmUp.IDLE_WINDOW_MILLIS * MS + 2_000 * MS,
                "saw it idle only after " + waited / MS + " ms");
    }

    /** A target that comes ends the wait: the spare does not make it wait for its compilers. */
    @Test
    void aStopEndsTheWaitWithinMilliseconds() {
        long t0 = System.nanoTime();
        long stopAt = t0 + 150 * MS;
        assertFalse(SpareWarmUp.awaitIdle(cpuClock(1 / 3.0, Long.MAX_VALUE), TimeUnit.SECONDS.toNanos(10),
                () -> System.nanoTime() - stopAt >= 0));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 150 * MS, "ended after " + waited / MS + " ms, before the stop");
        assertTrue(waited < 150 * MS + 1_000 * MS, "ended " + (waited / MS - 150) + " ms after the stop");
    }

    @Test
    void aJvmThatCannotSayItsCpuTimeDoesNotWait() {
        long t0 = System.nanoTime();
        assertFalse(SpareWarmUp.awaitIdle(() -> -1, TimeUnit.SECONDS.toNanos(10), NEVER));
        assertTrue(System.nanoTime() - t0 < 1_000 * MS);
    }

    @Test
    void thisJvmWithNothingRunningIsSeenIdle() {
        assertTrue(SpareWarmUp.awaitIdle(SpareWarmUp.processCpuClock(), TimeUnit.SECONDS.toNanos(20), NEVER),
                "the test JVM never looked idle");
    }
}
