package io.ipc4j.internal.manager;

import java.util.concurrent.locks.Condition;

/**
 * The one timed wait of the server objects: a timeout of -1 waits for ever, 0 is used up.
 * A JDK condition's wait throws {@link InterruptedException} only when the interrupt came
 * before a signal; a signal that meets an interrupt returns normally, the interrupt set, so
 * no wake-up meant for another waiter is lost to an interrupted one.
 */
final class Waits {
    private Waits() {
    }

    /** Waits on {@code c} (whose lock the caller holds) at most {@code left} ns; returns what is left, 0 when none. */
    static long await(Condition c, long left) throws InterruptedException {
        if (left < 0) {
            c.await();
            return -1;
        }
        return Math.max(0, c.awaitNanos(left));
    }
}
