package io.ipc4j.mmap;

import io.ipc4j.IpcException;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a waiter waits for a word in shared memory to change: it spins for a few
 * microseconds (a holder on another core usually lets go by then), yields, then parks
 * for doubling intervals. With a {@link Wakeup} whose doorbell listens, a change rings
 * it awake and the parks only bound the delay of a missed ring or of a look at a dead
 * holder (at most {@value #MAX_BELL_PARK_NANOS} ns); without one they last at most a
 * millisecond. A wait whose ring cannot be missed and that depends on no other process
 * being alive ({@link #untilRung}) neither spins nor yields: it parks on the doorbell at
 * its first pause, in slices of {@value #RUNG_PARK_NANOS} ns (every wake-up of an idle
 * waiter costs CPU). Its waker is usually another process, which on a busy machine needs
 * the very core a spinner holds: on the 2-core VM an Event's cross-process wake-up took
 * about 10 µs longer with both sides spinning 20 µs and yielding first. It also says when
 * to look whether the process the waiter depends on is still alive.
 */
final class Backoff {
    private static final long SPIN_NANOS = 20_000;
    private static final int YIELDS = 10;
    private static final long MAX_PARK_NANOS = 1_000_000;
    private static final long MAX_BELL_PARK_NANOS = 100_000_000;
    /** A bound on a park that only a ring should end, in case a ring is lost all the same. */
    private static final long RUNG_PARK_NANOS = 1_000_000_000;
    private static final long LIVENESS_EVERY_NANOS = 5_000_000;

    private final long start = System.nanoTime();
    private final long timeoutNanos;
    private final boolean interruptible;
    private final Wakeup wakeup;
    private final BooleanSupplier ready;
    private int yields;
    private final boolean untilRung;
    private long park = 16_000;
    private long nextLivenessCheck = start + LIVENESS_EVERY_NANOS;
    private boolean interrupted;

    /** @param timeoutNanos negative for no limit */
    Backoff(long timeoutNanos, boolean interruptible) {
        this(timeoutNanos, interruptible, null, null);
    }

    /**
     * A wait that parks on {@code wakeup} once spinning is over.
     *
     * @param ready what the waiter waits for, checked once more after it counted itself in as parked
     */
    Backoff(long timeoutNanos, boolean interruptible, Wakeup wakeup, BooleanSupplier ready) {
        this(timeoutNanos, interruptible, wakeup, ready, false);
    }

    private Backoff(long timeoutNanos, boolean interruptible, Wakeup wakeup, BooleanSupplier ready,
                    boolean untilRung) {
        this.timeoutNanos = timeoutNanos;
        this.interruptible = interruptible;
        this.wakeup = wakeup;
        this.ready = ready;
        this.untilRung = untilRung;
    }

    /**
     * An interruptible wait that only a ring ends early: whoever makes {@code ready} true
     * does it with a full fence and then rings (see {@link Wakeup}), and no holder's death
     * needs noticing. Its parks last until the ring.
     */
    static Backoff untilRung(long timeoutNanos, Wakeup wakeup, BooleanSupplier ready) {
        return new Backoff(timeoutNanos, true, wakeup, ready, true);
    }

    /**
     * Waits a little. Returns false when the time is up.
     *
     * @throws Interrupted if the thread is interrupted and the wait is interruptible
     */
    boolean pause() {
        long now = System.nanoTime();
        if (timeoutNanos >= 0 && now - start >= timeoutNanos) {
            return false;
        }
        if (Thread.interrupted()) {
            if (interruptible) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
            interrupted = true;
        }
        long left = timeoutNanos >= 0 ? timeoutNanos - (now - start) : Long.MAX_VALUE;
        if (untilRung && wakeup.listening()) {
            wakeup.park(Math.min(RUNG_PARK_NANOS, left), ready);
        } else if (now - start < SPIN_NANOS) {
            for (int i = 0; i < 64; i++) {
                Thread.onSpinWait();
            }
        } else if (yields < YIELDS) {
            yields++;
            Thread.yield();
        } else if (wakeup != null && wakeup.listening()) {
            wakeup.park(Math.min(park, left), ready);
            park = Math.min(park * 2, MAX_BELL_PARK_NANOS);
        } else {
            LockSupport.parkNanos(Math.min(park, left));
            park = Math.min(park * 2, MAX_PARK_NANOS);
        }
        return true;
    }

    /** True every few milliseconds of waiting: time to check whether an owner died. */
    boolean livenessDue() {
        long now = System.nanoTime();
        if (now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_EVERY_NANOS;
            return true;
        }
        return false;
    }

    /** Restores an interrupt that an uninterruptible wait swallowed. */
    void done() {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** An interruptible wait was interrupted; the thread's interrupt status is set again. */
    static final class Interrupted extends io.ipc4j.IpcInterruptedException {
        Interrupted() {
            super("interrupted while waiting");
        }
    }
}
