package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.Lock;
import io.ipc4j.LongValue;

/** A {@link LongValue} at {@value MmapValues#DATA} in its segment, after its own lock's word. */
@DefaultSerializer(HandleSerializer.class)
final class MmapLongValue extends MappedHandle implements LongValue {
    private final Lock lock;

    MmapLongValue(String path, int block, Lock lock) {
        super(path, block + MmapValues.DATA);
        this.lock = lock;
    }

    @Override
    public long get() {
        return (long) Mem.LONG.getAcquire(buf(), offset);
    }

    @Override
    public void set(long value) {
        Mem.LONG.setRelease(buf(), offset, value);
    }

    @Override
    public long getAndAdd(long delta) {
        return (long) Mem.LONG.getAndAdd(buf(), offset, delta);
    }

    @Override
    public long addAndGet(long delta) {
        return (long) Mem.LONG.getAndAdd(buf(), offset, delta) + delta;
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
        return Mem.LONG.compareAndSet(buf(), offset, expected, value);
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "LongValue[" + get() + "]";
    }
}
