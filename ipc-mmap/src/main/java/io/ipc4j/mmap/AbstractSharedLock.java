package io.ipc4j.mmap;

import io.ipc4j.Held;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.Lock;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The parts of {@link Lock} and {@link java.util.concurrent.locks.Lock} common to both kinds of lock. */
abstract class AbstractSharedLock extends MappedHandle implements Lock {
    private transient volatile boolean tookOver;
    private transient Held plain;
    private transient Held over;

    AbstractSharedLock(String path, int offset) {
        super(path, offset);
    }

    /** @return a {@link LockWord} result */
    abstract int doAcquire(long timeoutNanos, boolean interruptible);

    final Held held(int result) {
        boolean took = result == LockWord.TOOK_OVER;
        if (tookOver != took) {
            tookOver = took; // written only on change: a volatile store costs a fence on every acquire
        }
        if (took) {
            Held h = over;
            return h != null ? h : (over = new LockHeld(this, true));
        }
        Held h = plain;
        return h != null ? h : (plain = new LockHeld(this, false));
    }

    @Override
    public Held acquire() {
        return held(doAcquire(-1, true));
    }

    @Override
    public Held acquire(Duration timeout) {
        int r = doAcquire(Timeouts.nanos(timeout), true);
        if (r == LockWord.TIMED_OUT) {
            throw new IpcTimeoutException("lock " + segmentName() + " not acquired within " + timeout);
        }
        return held(r);
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(Duration.ZERO);
    }

    @Override
    public boolean tryAcquire(Duration timeout) {
        int r = doAcquire(Timeouts.nanos(timeout), true);
        if (r == LockWord.TIMED_OUT) {
            return false;
        }
        held(r);
        return true;
    }

    @Override
    public boolean tookOverFromDeadOwner() {
        return tookOver;
    }

    @Override
    public void lock() {
        held(doAcquire(-1, false));
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        tryLock(-1);
    }

    @Override
    public boolean tryLock() {
        return tryAcquire();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return tryLock(Math.max(0, unit.toNanos(time)));
    }

    private boolean tryLock(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        try {
            int r = doAcquire(nanos, true);
            if (r == LockWord.TIMED_OUT) {
                return false;
            }
            held(r);
            return true;
        } catch (Backoff.Interrupted e) {
            Thread.interrupted();
            throw new InterruptedException();
        }
    }

    @Override
    public void unlock() {
        release();
    }

    /** Not supported: a JDK condition cannot be shared between processes; use {@code Context.condition(lock)}. */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("a cross-process condition comes from Context.condition(lock)");
    }

    /** What a condition needs: give the lock up entirely, and later take it back as it was. */
    abstract int releaseFully();

    abstract void reacquire(int saved);

    /** Whether the caller may signal a condition over this lock. */
    abstract boolean heldForSignal();

    /** The proof of holding a lock that releases it when closed. */
    private record LockHeld(Lock lock, boolean tookOverFromDeadOwner) implements Held {
        @Override
        public void close() {
            lock.release();
        }
    }
}
