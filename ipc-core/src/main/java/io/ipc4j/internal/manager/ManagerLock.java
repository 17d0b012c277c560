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

    /** Waits up to {@code nanos} (-1: no limit) for the lock, in slices. */
    private int take(long nanos) {
        return Remote.sliced(nanos, (slice, last) -> {
            int r = api().acquire(slice);
            return r == ManagedApis.TIMED_OUT && !last ? null : r;
        }, "acquiring a managed lock");
    }

    private Held held(int result) {
        boolean took = result == ManagedApis.TOOK_OVER;
        tookOver = took;
        return new LockHeld(this, took);
    }

    @Override
    public Held acquire() {
        return held(take(-1));
    }

    @Override
    public Held acquire(Duration timeout) {
        int r = take(Timeouts.nanos(timeout));
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
        int r = take(Timeouts.nanos(timeout));
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
        held(Remote.uninterruptibly(() -> take(-1)));
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
            r = take(nanos);
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
