package io.ipc4j;

import java.time.Duration;

/**
 * A flag shared by processes that others can wait for (CPython's {@code Event}).
 * Waiters spin briefly, then park with a backoff of at most a millisecond.
 */
public interface Event {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /** Whether the flag is set. */
    boolean isSet();

    /** Blocks until the flag is set. */
    void waitFor();

    /** Waits at most {@code timeout} for the flag; returns whether it is set. */
    boolean waitFor(Duration timeout);
}
