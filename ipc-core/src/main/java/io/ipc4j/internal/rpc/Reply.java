package io.ipc4j.internal.rpc;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.internal.wire.FrameReader;

import java.util.concurrent.locks.LockSupport;

/**
 * The reply to one request: completed once, on an I/O thread, and awaited by the
 * caller with a short spin before parking.
 */
public final class Reply {
    private final long spinNanos;
    private final int id;
    private volatile Thread waiter;
    private volatile FrameReader frame;
    private volatile RuntimeException failure;
    private byte status;
    /** Run once the reply arrives or fails; guarded by this. */
    private Runnable onDone;

    Reply(long spinNanos, int id) {
        this.spinNanos = spinNanos;
        this.id = id;
    }

    /** The id of the request this answers. */
    public int id() {
        return id;
    }

    void complete(byte status, FrameReader frame) {
        this.status = status;
        this.frame = frame;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        fireDone();
    }

    void fail(RuntimeException e) {
        failure = e;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        fireDone();
    }

    /**
     * Runs {@code action} once the reply has arrived or failed: at once if it has, else on
     * the thread that completes it (an I/O thread: the action must not block).
     */
    public void whenDone(Runnable action) {
        synchronized (this) {
            if (!isDone()) {
                onDone = action;
                return;
            }
        }
        action.run();
    }

    private void fireDone() {
        Runnable action;
        synchronized (this) {
            action = onDone;
            onDone = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** Whether the reply has arrived or failed: {@link #get()} would not wait. */
    public boolean isDone() {
        return frame != null || failure != null;
    }

    /** Spins for up to the spin time from {@code start}; whether the reply came meanwhile. */
    private boolean spinUntilDone(long start) {
        long spinEnd = start + spinNanos;
        while (!isDone() && System.nanoTime() < spinEnd) {
            Thread.onSpinWait();
        }
        return isDone();
    }

    /**
     * Waits for the reply.
     *
     * @param timeoutNanos how long to wait, negative for no limit
     * @return whether it arrived
     */
    public boolean await(long timeoutNanos) {
        long start = System.nanoTime();
        return spinUntilDone(start) || parkUntilDone(start, timeoutNanos, true);
    }

    /**
     * Waits without limit until the reply arrives or this thread is interrupted.
     *
     * @return false if interrupted first (the interrupt status stays set)
     */
    public boolean awaitUnlessInterrupted() {
        if (spinUntilDone(System.nanoTime())) {
            return true;
        }
        waiter = Thread.currentThread();
        try {
            while (!isDone()) {
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.park(this);
            }
            return true;
        } finally {
            waiter = null;
        }
    }

    /** Waits without limit for the reply, ignoring interrupts, which stay pending. */
    public void awaitUninterruptibly() {
        awaitUninterruptibly(-1);
    }

    /**
     * Waits for the reply, ignoring interrupts, which stay pending.
     *
     * @param timeoutNanos how long to wait, negative for no limit
     * @return whether it arrived
     */
    public boolean awaitUninterruptibly(long timeoutNanos) {
        return parkUntilDone(System.nanoTime(), timeoutNanos, false);
    }

    /**
     * Parks until the reply arrives or {@code timeoutNanos} from {@code start} pass (negative:
     * no limit). An interrupt throws if {@code interruptible}, else waits on; either way the
     * interrupt status is set again.
     */
    private boolean parkUntilDone(long start, long timeoutNanos, boolean interruptible) {
        boolean interrupted = false;
        waiter = Thread.currentThread();
        try {
            while (!isDone()) {
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = timeoutNanos - (System.nanoTime() - start);
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (interruptible) {
                        throw new IpcInterruptedException("interrupted while waiting for a reply");
                    }
                }
            }
            return true;
        } finally {
            waiter = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits without limit, then returns the payload; a failure or error status throws. */
    public FrameReader get() {
        await(-1);
        return payload();
    }

    /** The status byte of an arrived reply. */
    public byte status() {
        if (failure != null) {
            throw failure;
        }
        return status;
    }

    /** The payload of an arrived reply; {@code STATUS_ERROR} is thrown as an {@link IpcException}. */
    public FrameReader payload() {
        if (failure != null) {
            throw failure;
        }
        FrameReader f = frame;
        if (f == null) {
            throw new ConnectionEOFException("no reply");
        }
        if (status == io.ipc4j.internal.wire.Op.STATUS_ERROR) {
            throw RemoteError.decode(f);
        }
        return f;
    }
}
