package io.ipc4j;

import java.time.Duration;

/**
 * A counting semaphore shared by processes (CPython's {@code Semaphore} and, when made by
 * {@code Context.boundedSemaphore}, {@code BoundedSemaphore}). Any process may release.
 * Permits are counted against the processes that took them, so the permits of a process
 * that dies (even by {@code kill -9}) return to the semaphore when a waiter would
 * otherwise starve.
 */
public interface Semaphore {

    /** Blocks until a permit is taken. */
    Held acquire();

    /**
     * Waits at most {@code timeout} for a permit.
     *
     * @throws IpcTimeoutException if none came in time
     */
    Held acquire(Duration timeout);

    /** Takes a permit if one is free now. */
    boolean tryAcquire();

    /** Waits at most {@code timeout} for a permit; false if none came. */
    boolean tryAcquire(Duration timeout);

    /**
     * Gives a permit back.
     *
     * @throws SemaphoreOverReleaseException if this is a bounded semaphore already at its initial value
     */
    void release();

    /** The permits free now (CPython's {@code get_value()}). */
    int value();

    /** Whether this semaphore refuses to grow above its initial value. */
    boolean isBounded();

    /** Whether the latest acquisition in this process took back permits of a dead process. */
    boolean tookOverFromDeadOwner();
}
