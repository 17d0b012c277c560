package io.ipc4j.internal.manager;

import io.ipc4j.Condition;
import io.ipc4j.Held;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.Lock;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;

/**
 * A managed {@link Condition} over a managed lock. A waiter joins the condition's waiters
 * with the lock held, releases the lock, waits in the manager for a signal, and takes the
 * lock back (whatever interrupts come meanwhile) before it returns or throws.
 */
final class ManagerCondition extends ManagedHandle<ManagedApis.ConditionApi> implements Condition {
    private final ManagerLock lock;

    ManagerCondition(ManagedRef ref, ManagerLock lock) {
        super(ref, ManagedApis.ConditionApi.class);
        this.lock = lock;
    }

    /** The lock as a condition needs it: a Lock or RLock of a manager. */
    static ManagerLock managedLock(Lock lock) {
        if (!(lock instanceof ManagerLock managed)) {
            throw new IllegalArgumentException("a managed condition needs a Lock or RLock of a manager, not " + lock
                    + " (with ipc4j.shared=manager, make it with the same context's lock() or rLock())");
        }
        return managed;
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public Held acquire() {
        return lock.acquire();
    }

    @Override
    public void release() {
        lock.release();
    }

    @Override
    public void await() {
        await(-1);
    }

    @Override
    public boolean await(Duration timeout) {
        return await(Timeouts.nanos(timeout));
    }

    private boolean await(long timeoutNanos) {
        if (!lock.heldForSignal()) {
            throw new IllegalMonitorStateException("await on a condition whose lock is not held");
        }
        long ticket = api().enqueue();
        int saved = lock.releaseFully();
        boolean signaled;
        try {
            signaled = Remote.sliced(timeoutNanos, (slice, last) -> {
                boolean got = api().awaitSignal(ticket, slice, last);
                return got ? Boolean.TRUE : last ? Boolean.FALSE : null;
            }, "waiting on a managed condition");
        } catch (IpcInterruptedException e) {
            lock.reacquire(saved);
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting on a managed condition");
        } catch (RuntimeException | Error e) {
            lock.reacquire(saved);
            throw e;
        }
        lock.reacquire(saved);
        return signaled;
    }

    @Override
    public void signal(int n) {
        if (!lock.heldForSignal()) {
            throw new IllegalMonitorStateException("signal on a condition whose lock is not held");
        }
        api().signal(n);
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }
}
