package io.ipc4j.internal.manager;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A managed {@code Lock} or, when reentrant, {@code RLock}. A plain lock may be released by
 * any caller; a reentrant one only by the thread of the process that holds it. When the
 * process holding it ends (even by {@code kill -9}, which closes its connection), the lock
 * is released and the next acquisition reports that it took it over from a dead owner.
 */
final class ServerLock implements ManagedApis.RLockApi, SessionWatch.SessionBound {
    private final boolean reentrant;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition free = mutex.newCondition();
    /** The holder, or null when free; for a plain lock only its session matters. */
    private Caller owner;
    private int count;
    /** Set when the holder's process ended holding it, until the next acquisition. */
    private boolean orphaned;

    ServerLock(boolean reentrant) {
        this.reentrant = reentrant;
    }

    @Override
    public int acquire(long timeoutNanos) throws InterruptedException {
        Caller me = Caller.current();
        mutex.lockInterruptibly();
        try {
            if (reentrant && me.equals(owner)) {
                count++;
                return ManagedApis.ACQUIRED;
            }
            long left = timeoutNanos;
            while (owner != null) {
                if (left == 0) {
                    return ManagedApis.TIMED_OUT;
                }
                left = Waits.await(free, left);
            }
            owner = me;
            count = 1;
            boolean took = orphaned;
            orphaned = false;
            SessionWatch.watch(me, this);
            return took ? ManagedApis.TOOK_OVER : ManagedApis.ACQUIRED;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void release() {
        Caller me = Caller.current();
        mutex.lock();
        try {
            if (owner == null) {
                throw new IllegalMonitorStateException("release of a managed " + kind() + " that is not locked");
            }
            if (reentrant && !me.equals(owner)) {
                throw new IllegalMonitorStateException("release of a managed RLock by a thread that does not hold it");
            }
            if (--count == 0) {
                free(false);
            }
        } finally {
            mutex.unlock();
        }
    }

    private void free(boolean byDeath) {
        owner = null;
        count = 0;
        orphaned = byDeath;
        free.signal();
    }

    private String kind() {
        return reentrant ? "RLock" : "Lock";
    }

    @Override
    public boolean isLocked() {
        mutex.lock();
        try {
            return owner != null;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int holdCount() {
        Caller me = Caller.current();
        mutex.lock();
        try {
            return me.equals(owner) ? count : 0;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int releaseFully() {
        Caller me = Caller.current();
        mutex.lock();
        try {
            if (owner == null || reentrant && !me.equals(owner)) {
                throw new IllegalMonitorStateException("the managed " + kind() + " is not held by this thread");
            }
            int saved = count;
            free(false);
            return saved;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int reacquire(int holds) throws InterruptedException {
        int r = acquire(-1);
        mutex.lock();
        try {
            count = holds;
        } finally {
            mutex.unlock();
        }
        return r;
    }

    @Override
    public void sessionEnded(long session) {
        mutex.lock();
        try {
            if (owner != null && owner.session() == session) {
                free(true);
            }
        } finally {
            mutex.unlock();
        }
    }
}
