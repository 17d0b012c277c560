package io.ipc4j.mmap;

import io.ipc4j.RLock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link RLock}: the shared word says which process holds it (as a {@link LockWord});
 * which thread of that process, and how often, only that process needs to know, so it
 * is kept here, once per process for all handles of the same lock.
 */
final class MmapRLock extends AbstractSharedLock implements RLock {
    private static final Map<String, Owner> OWNERS = new ConcurrentHashMap<>();

    private transient volatile Owner owner;

    MmapRLock(String path, int offset) {
        super(path, offset);
    }

    /** The thread of this process that holds the lock, and how many times. */
    private static final class Owner {
        volatile Thread thread;
        int count;
    }

    private Owner owner() {
        Owner o = owner;
        if (o == null) {
            o = OWNERS.computeIfAbsent(path + "@" + offset, k -> new Owner());
            owner = o;
        }
        return o;
    }

    @Override
    int doAcquire(long timeoutNanos, boolean interruptible) {
        Owner o = owner();
        Thread me = Thread.currentThread();
        if (o.thread == me) {
            o.count++;
            return LockWord.ACQUIRED;
        }
        int r = LockWord.acquire(buf(), offset, ProcessToken.SELF, timeoutNanos, interruptible,
                wakeup(offset + 8));
        if (r != LockWord.TIMED_OUT) {
            o.count = 1;
            o.thread = me;
        }
        return r;
    }

    @Override
    public void release() {
        Owner o = owner();
        if (o.thread != Thread.currentThread()) {
            throw new IllegalMonitorStateException("release of RLock " + segmentName()
                    + " by a thread that does not hold it");
        }
        if (--o.count == 0) {
            o.thread = null;
            LockWord.release(buf(), offset, wakeup(offset + 8));
        }
    }

    @Override
    public boolean isLocked() {
        return LockWord.isLocked(buf(), offset);
    }

    @Override
    public int holdCount() {
        Owner o = owner();
        return o.thread == Thread.currentThread() ? o.count : 0;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return owner().thread == Thread.currentThread();
    }

    @Override
    int releaseFully() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("RLock " + segmentName() + " is not held by this thread");
        }
        Owner o = owner();
        int saved = o.count;
        o.count = 1;
        release();
        return saved;
    }

    @Override
    void reacquire(int saved) {
        lock();
        owner().count = saved;
    }

    @Override
    boolean heldForSignal() {
        return isHeldByCurrentThread();
    }

    @Override
    public String toString() {
        return "RLock[" + segmentName() + (isLocked() ? ", locked" : ", unlocked") + "]";
    }
}
