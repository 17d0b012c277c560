package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.RLock;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link RLock}: the shared word says which process holds it (as a {@link LockWord});
 * which thread of that process, and how often, only that process needs to know, so it
 * is kept here, once per process for all handles of the same lock, and forgotten with
 * them (the block may then be given to a new lock).
 */
@DefaultSerializer(HandleSerializer.class)
final class MmapRLock extends AbstractSharedLock implements RLock {
    private static final Map<String, WeakReference<Owner>> OWNERS = new ConcurrentHashMap<>();
    /** The size at which the entries of forgotten locks are next swept out; under OWNERS' monitor. */
    private static int expungeAt = 64;

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
            synchronized (OWNERS) {
                String key = path + "@" + offset;
                WeakReference<Owner> ref = OWNERS.get(key);
                o = ref == null ? null : ref.get();
                if (o == null) {
                    if (OWNERS.size() >= expungeAt) {
                        OWNERS.values().removeIf(r -> r.get() == null);
                        expungeAt = Math.max(64, OWNERS.size() * 2);
                    }
                    o = new Owner();
                    OWNERS.put(key, new WeakReference<>(o));
                }
            }
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
        int r;
        try {
            r = LockWord.acquire(buf(), offset, ProcessToken.SELF, timeoutNanos, interruptible, wakeup(offset + 8));
        } finally {
            Reference.reachabilityFence(this); // its block must not be freed while this thread waits on it
        }
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
