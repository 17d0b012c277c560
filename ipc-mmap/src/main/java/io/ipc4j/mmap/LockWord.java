package io.ipc4j.mmap;

import java.nio.ByteBuffer;

/**
 * A lock in one aligned 8-byte word: 0 when free, else the {@link ProcessToken} of the
 * process that took it; the word after it counts parked waiters (see {@link Wakeup}). A
 * waiter that finds the owner dead swaps its own token in.
 */
final class LockWord {
    static final int TIMED_OUT = 0;
    static final int ACQUIRED = 1;
    static final int TOOK_OVER = 2;

    private LockWord() {
    }

    /**
     * Takes the lock at {@code offset} for {@code token}.
     *
     * @param timeoutNanos 0 to try once, negative to wait without limit
     * @return {@link #ACQUIRED}, {@link #TOOK_OVER} from a dead owner, or {@link #TIMED_OUT}
     */
    static int acquire(ByteBuffer b, int offset, long token, long timeoutNanos, boolean interruptible) {
        return acquire(b, offset, token, timeoutNanos, interruptible, null);
    }

    /** Like {@link #acquire(ByteBuffer, int, long, long, boolean)}, parking on {@code wakeup} when the wait is long. */
    static int acquire(ByteBuffer b, int offset, long token, long timeoutNanos, boolean interruptible,
                       Wakeup wakeup) {
        if (Mem.LONG.compareAndSet(b, offset, 0L, token)) {
            return ACQUIRED;
        }
        if (timeoutNanos == 0) {
            return TIMED_OUT;
        }
        Backoff backoff = wakeup == null ? new Backoff(timeoutNanos, interruptible)
                : new Backoff(timeoutNanos, interruptible, wakeup, () -> (long) Mem.LONG.getAcquire(b, offset) == 0);
        try {
            while (true) {
                long owner = (long) Mem.LONG.getAcquire(b, offset);
                if (owner == 0) {
                    if (Mem.LONG.compareAndSet(b, offset, 0L, token)) {
                        return ACQUIRED;
                    }
                    continue;
                }
                if (backoff.livenessDue() && !ProcessToken.isAlive(owner)
                        && Mem.LONG.compareAndSet(b, offset, owner, token)) {
                    return TOOK_OVER;
                }
                if (!backoff.pause()) {
                    return TIMED_OUT;
                }
            }
        } finally {
            backoff.done();
        }
    }

    /**
     * Frees the lock whoever holds it; false if it was free. Only a holder or a buggy
     * caller releases, so a release store suffices where an atomic swap would cost a fence.
     */
    static boolean release(ByteBuffer b, int offset) {
        if ((long) Mem.LONG.getVolatile(b, offset) == 0) {
            return false;
        }
        Mem.LONG.setRelease(b, offset, 0L);
        return true;
    }

    /**
     * Frees the lock with an atomic swap, whose full fence orders it before the look at
     * the parked count (see {@link Wakeup}), then rings if a waiter is parked.
     */
    static boolean release(ByteBuffer b, int offset, Wakeup wakeup) {
        if ((long) Mem.LONG.getAndSet(b, offset, 0L) == 0) {
            return false;
        }
        wakeup.ring();
        return true;
    }

    static boolean isLocked(ByteBuffer b, int offset) {
        return (long) Mem.LONG.getVolatile(b, offset) != 0;
    }
}
