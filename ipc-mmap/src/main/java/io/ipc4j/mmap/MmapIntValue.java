package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;

/** An {@link IntValue} at {@value MmapValues#DATA} in its segment, after its own lock's word. */
@DefaultSerializer(HandleSerializer.class)
final class MmapIntValue extends MappedHandle implements IntValue {
    private final Lock lock;

    MmapIntValue(String path, int block, Lock lock) {
        super(path, block + MmapValues.DATA);
        this.lock = lock;
    }

    @Override
    public int get() {
        return (int) Mem.INT.getAcquire(buf(), offset);
    }

    @Override
    public void set(int value) {
        Mem.INT.setRelease(buf(), offset, value);
    }

    @Override
    public int getAndAdd(int delta) {
        return (int) Mem.INT.getAndAdd(buf(), offset, delta);
    }

    @Override
    public int addAndGet(int delta) {
        return (int) Mem.INT.getAndAdd(buf(), offset, delta) + delta;
    }

    @Override
    public boolean compareAndSet(int expected, int value) {
        return Mem.INT.compareAndSet(buf(), offset, expected, value);
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "IntValue[" + get() + "]";
    }
}
