package io.ipc4j;

import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes, over a {@link Lock} or {@link RLock}
 * (CPython's {@code Condition}). {@link #await()} and the signals must be called with
 * the lock held. Waiters are woken in the order they started waiting; a waiter that dies
 * is skipped.
 */
public interface Condition {

    /** The lock this condition is over. */
    Lock lock();

    /** Acquires the underlying lock, for try-with-resources. */
    Held acquire();

    /** Releases the underlying lock. */
    void release();

    /**
     * Releases the lock, waits for a signal, and takes the lock again. An interrupted wait
     * throws {@link IpcInterruptedException}, unless a signal came for it too: then it
     * returns as signaled with the thread's interrupt status set, so the signal is not lost.
     */
    void await();

    /** Like {@link #await()}, waiting at most {@code timeout}; returns false if no signal came. */
    boolean await(Duration timeout);

    /**
     * Waits until {@code predicate} holds, testing it with the lock held each time a signal
     * comes, for at most {@code timeout}; returns the predicate's last value.
     */
    default boolean waitFor(BooleanSupplier predicate, Duration timeout) {
        long deadline = System.nanoTime() + Timeouts.nanos(timeout);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            await(Duration.ofNanos(left));
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Waits until {@code predicate} holds, with no time limit. */
    default void waitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /** Wakes the longest waiting waiter, if any (CPython's {@code notify()}). */
    default void signal() {
        signal(1);
    }

    /** Wakes up to {@code n} waiters (CPython's {@code notify(n)}). */
    void signal(int n);

    /** Wakes every waiter (CPython's {@code notify_all()}). */
    void signalAll();
}
