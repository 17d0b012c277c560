package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.LongArray;
import io.ipc4j.Lock;

import java.util.Objects;

/** A {@link LongArray}: elements of 8 bytes from {@value MmapValues#ELEMENTS} in its segment. */
@DefaultSerializer(HandleSerializer.class)
final class MmapLongArray extends MappedHandle implements LongArray {
    private final int length;
    private final Lock lock;

    MmapLongArray(String path, int block, int length, Lock lock) {
        super(path, block + MmapValues.ELEMENTS);
        this.length = length;
        this.lock = lock;
    }

    private int at(int index) {
        return offset + Objects.checkIndex(index, length) * 8;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public long get(int index) {
        return (long) Mem.LONG.getAcquire(buf(), at(index));
    }

    @Override
    public void set(int index, long value) {
        Mem.LONG.setRelease(buf(), at(index), value);
    }

    @Override
    public long[] get(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        long[] out = new long[to - from];
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) Mem.LONG.getAcquire(b, offset + (from + i) * 8);
        }
        return out;
    }

    @Override
    public long[] toArray() {
        return get(0, length);
    }

    @Override
    public void set(int offsetInArray, long[] values) {
        Objects.checkFromIndexSize(offsetInArray, values.length, length);
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < values.length; i++) {
            Mem.LONG.setRelease(b, offset + (offsetInArray + i) * 8, values[i]);
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    public long getAndAdd(int index, long delta) {
        return (long) Mem.LONG.getAndAdd(buf(), at(index), delta);
    }

    @Override
    public long addAndGet(int index, long delta) {
        return (long) Mem.LONG.getAndAdd(buf(), at(index), delta) + delta;
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
        return Mem.LONG.compareAndSet(buf(), at(index), expected, value);
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "LongArray" + java.util.Arrays.toString(toArray());
    }
}
