package io.ipc4j;

import java.time.Duration;

/**
 * A barrier for a fixed number of parties in any processes (CPython's {@code Barrier}).
 * Each pass lets all parties go at once, after the optional action ran once in the
 * process of the last to arrive. The barrier breaks, throwing
 * {@link BarrierBrokenException} at every waiter, when it is aborted, reset with
 * waiters, a wait times out, the action throws, or a waiting process dies.
 */
public interface Barrier {

    /** Waits for every party; returns this party's arrival index, 0 to {@code parties() - 1}. */
    int await();

    /**
     * Like {@link #await()}, waiting at most {@code timeout}; a timeout breaks the barrier.
     *
     * @throws BarrierBrokenException if the barrier is or becomes broken, or the timeout ran out
     */
    int await(Duration timeout);

    /** Breaks the barrier: current and future waiters get {@link BarrierBrokenException}. */
    void abort();

    /** Makes the barrier usable again; parties waiting now get {@link BarrierBrokenException}. */
    void reset();

    /** How many parties each pass needs. */
    int parties();

    /** How many parties wait now. */
    int waiting();

    /** Whether the barrier is broken. */
    boolean isBroken();
}
