package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;

import java.lang.ref.Reference;
/** A {@link io.ipc4j.Lock} in one word of a segment; see {@link LockWord}. */
@DefaultSerializer(HandleSerializer.class)
final class MmapLock extends AbstractSharedLock {

    MmapLock(String path, int offset) {
        super(path, offset);
    }

    @Override
    int doAcquire(long timeoutNanos, boolean interruptible) {
        try {
            return LockWord.acquire(buf(), offset, ProcessToken.SELF, timeoutNanos, interruptible,
                    wakeup(offset + 8));
        } finally {
            Reference.reachabilityFence(this); // its block must not be freed while this thread waits on it
        }
    }

    @Override
    public void release() {
        if (!LockWord.release(buf(), offset, wakeup(offset + 8))) {
            throw new IllegalMonitorStateException("release of lock " + segmentName() + ", which is not locked");
        }
    }

    @Override
    public boolean isLocked() {
        return LockWord.isLocked(buf(), offset);
    }

    @Override
    int releaseFully() {
        release();
        return 1;
    }

    @Override
    void reacquire(int saved) {
        lock();
    }

    @Override
    boolean heldForSignal() {
        return isLocked();
    }

    @Override
    public String toString() {
        return "Lock[" + segmentName() + (isLocked() ? ", locked" : ", unlocked") + "]";
    }
}
