package io.ipc4j.internal.manager;

import io.ipc4j.Held;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.Lock;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A managed {@link Lock}: any thread of any process may release it. When the process
 * holding it ends, even by {@code kill -9}, the manager releases it, and the next
 * acquisition reports that it took it over from a dead owner.
 */
class ManagerLock extends ManagedHandle<ManagedApis.RLockApi> implements Lock {
    private transient volatile boolean tookOver;

    ManagerLock(ManagedRef ref) {
        super(ref, ManagedApis.RLockApi.class);
    }

    private Held held(int result) {
        boolean took = result == ManagedApis.TOOK_OVER;
        tookOver = took;
        return new LockHeld(this, took);
    }

    @Override
    public Held acquire() {
        return held(Remote.interruptibly(() -> api().acquire(-1), "acquiring a managed lock"));
    }

    @Override
    public Held acquire(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        int r = Remote.interruptibly(() -> api().acquire(nanos), "acquiring a managed lock");
        if (r == ManagedApis.TIMED_OUT) {
            throw new IpcTimeoutException(this + " not acquired within " + timeout);
        }
        return held(r);
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(Duration.ZERO);
    }

    @Override
    public boolean tryAcquire(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        int r = Remote.interruptibly(() -> api().acquire(nanos), "acquiring a managed lock");
        if (r == ManagedApis.TIMED_OUT) {
            return false;
        }
        held(r);
        return true;
    }

    @Override
    public void release() {
        api().release();
    }

    @Override
    public boolean isLocked() {
        return api().isLocked();
    }

    @Override
    public boolean tookOverFromDeadOwner() {
        return tookOver;
    }

    @Override
    public void lock() {
        held(Remote.uninterruptibly(() -> api().acquire(-1)));
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
        int r;
        try {
            r = api().acquire(nanos);
        } catch (IpcInterruptedException e) {
            Thread.interrupted();
            throw new InterruptedException();
        }
        if (r == ManagedApis.TIMED_OUT) {
            return false;
        }
        held(r);
        return true;
    }

    @Override
    public void unlock() {
        release();
    }

    /** Not supported: a JDK condition cannot be shared between processes; use {@code Manager.condition(lock)}. */
    @Override
    public java.util.concurrent.locks.Condition newCondition() {
        throw new UnsupportedOperationException("a cross-process condition comes from Context.condition(lock)"
                + " or Manager.condition(lock)");
    }

    /** For a condition: gives the lock up entirely; returns what {@link #reacquire} needs. */
    int releaseFully() {
        return api().releaseFully();
    }

    /** For a condition: takes the lock back as it was, whatever interrupts come meanwhile. */
    void reacquire(int saved) {
        Remote.uninterruptibly(() -> api().reacquire(saved));
    }

    /** Whether the caller may wait on or signal a condition over this lock. */
    boolean heldForSignal() {
        return isLocked();
    }

    /** The proof of holding a lock that releases it when closed. */
    private record LockHeld(Lock lock, boolean tookOverFromDeadOwner) implements Held {
        @Override
        public void close() {
            lock.release();
        }
    }
}
