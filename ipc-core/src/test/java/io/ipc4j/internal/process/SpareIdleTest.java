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
 * its bound when the process never is. The CPU clocks here are made up from the wall clock.
 */
@Timeout(60)
class SpareIdleTest {
    private static final long MS = 1_000_000;

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
        assertFalse(SpareWarmUp.awaitIdle(cpuClock(1 / 3.0, Long.MAX_VALUE), 600 * MS));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 600 * MS, "gave up after " + waited / MS + " ms");
        assertTrue(waited < 3_000 * MS, "waited " + waited / MS + " ms past a 600 ms bound");
    }

    @Test
    void workThatStopsIsSeenIdleWithinAWindowOrTwo() {
        long t0 = System.nanoTime();
        assertTrue(SpareWarmUp.awaitIdle(cpuClock(1.5, 350 * MS), TimeUnit.SECONDS.toNanos(10)));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= 350 * MS, "saw it idle after " + waited / MS + " ms, while it still worked");
        assertTrue(waited < 350 * MS + 3 * SpareWarmUp.IDLE_WINDOW_MILLIS * MS + 2_000 * MS,
                "saw it idle only after " + waited / MS + " ms");
    }

    @Test
    void aJvmThatCannotSayItsCpuTimeDoesNotWait() {
        long t0 = System.nanoTime();
        assertFalse(SpareWarmUp.awaitIdle(() -> -1, TimeUnit.SECONDS.toNanos(10)));
        assertTrue(System.nanoTime() - t0 < 1_000 * MS);
    }

    @Test
    void thisJvmWithNothingRunningIsSeenIdle() {
        assertTrue(SpareWarmUp.awaitIdle(SpareWarmUp.processCpuClock(), TimeUnit.SECONDS.toNanos(20)),
                "the test JVM never looked idle");
    }
}
