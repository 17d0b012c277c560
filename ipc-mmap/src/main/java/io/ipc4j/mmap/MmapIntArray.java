package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.IntArray;
import io.ipc4j.Lock;

import java.util.Objects;

/** A {@link IntArray}: elements of 4 bytes from {@value MmapValues#ELEMENTS} in its segment. */
@DefaultSerializer(HandleSerializer.class)
final class MmapIntArray extends MappedHandle implements IntArray {
    private final int length;
    private final Lock lock;

    MmapIntArray(String path, int block, int length, Lock lock) {
        super(path, block + MmapValues.ELEMENTS);
        this.length = length;
        this.lock = lock;
    }

    private int at(int index) {
        return offset + Objects.checkIndex(index, length) * 4;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int get(int index) {
        return (int) Mem.INT.getAcquire(buf(), at(index));
    }

    @Override
    public void set(int index, int value) {
        Mem.INT.setRelease(buf(), at(index), value);
    }

    @Override
    public int[] get(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        int[] out = new int[to - from];
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) Mem.INT.getAcquire(b, offset + (from + i) * 4);
        }
        return out;
    }

    @Override
    public int[] toArray() {
        return get(0, length);
    }

    @Override
    public void set(int offsetInArray, int[] values) {
        Objects.checkFromIndexSize(offsetInArray, values.length, length);
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < values.length; i++) {
            Mem.INT.setRelease(b, offset + (offsetInArray + i) * 4, values[i]);
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    public int getAndAdd(int index, int delta) {
        return (int) Mem.INT.getAndAdd(buf(), at(index), delta);
    }

    @Override
    public int addAndGet(int index, int delta) {
        return (int) Mem.INT.getAndAdd(buf(), at(index), delta) + delta;
    }

    @Override
    public boolean compareAndSet(int index, int expected, int value) {
        return Mem.INT.compareAndSet(buf(), at(index), expected, value);
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "IntArray" + java.util.Arrays.toString(toArray());
    }
}
