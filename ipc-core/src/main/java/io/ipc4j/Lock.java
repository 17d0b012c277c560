package io.ipc4j;

import java.time.Duration;

/**
 * A lock shared by processes (CPython's {@code multiprocessing.Lock}). Like CPython's, it
 * is not owned: any thread of any process may release it, and releasing it while it is
 * free throws {@link IllegalMonitorStateException}. It remembers which process took it, so
 * that when that process dies holding it (even by {@code kill -9}), a waiter takes it over
 * instead of waiting forever, and can tell that it did.
 *
 * <p>It is also a {@link java.util.concurrent.locks.Lock}; {@link #newCondition()} is not
 * supported: make a cross-process condition with {@code Context.condition(lock)}.
 * Handles are serializable: pass them to children.
 */
public interface Lock extends java.util.concurrent.locks.Lock {

    /** Blocks until the lock is held. */
    Held acquire();

    /** Takes the lock if it is free now. */
    boolean tryAcquire();

    /** Waits at most {@code timeout} for the lock; false if it did not come. */
    boolean tryAcquire(Duration timeout);

    /**
     * Waits at most {@code timeout} for the lock.
     *
     * @throws IpcTimeoutException if it did not come in time
     */
    Held acquire(Duration timeout);

    /** Releases the lock. @throws IllegalMonitorStateException if it is not held */
    void release();

    /** Whether some process holds the lock now. */
    boolean isLocked();

    /** Whether the latest acquisition of this lock by this process took it over from a dead process. */
    boolean tookOverFromDeadOwner();
}
