package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.DoubleArray;
import io.ipc4j.Lock;

import java.util.Objects;

/** A {@link DoubleArray}: elements of 8 bytes from {@value MmapValues#ELEMENTS} in its segment. */
@DefaultSerializer(HandleSerializer.class)
final class MmapDoubleArray extends MappedHandle implements DoubleArray {
    private final int length;
    private final Lock lock;

    MmapDoubleArray(String path, int block, int length, Lock lock) {
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
    public double get(int index) {
        return (double) Mem.DOUBLE.getAcquire(buf(), at(index));
    }

    @Override
    public void set(int index, double value) {
        Mem.DOUBLE.setRelease(buf(), at(index), value);
    }

    @Override
    public double[] get(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        double[] out = new double[to - from];
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < out.length; i++) {
            out[i] = (double) Mem.DOUBLE.getAcquire(b, offset + (from + i) * 8);
        }
        return out;
    }

    @Override
    public double[] toArray() {
        return get(0, length);
    }

    @Override
    public void set(int offsetInArray, double[] values) {
        Objects.checkFromIndexSize(offsetInArray, values.length, length);
        java.nio.ByteBuffer b = buf();
        for (int i = 0; i < values.length; i++) {
            Mem.DOUBLE.setRelease(b, offset + (offsetInArray + i) * 8, values[i]);
        }
        java.lang.invoke.VarHandle.fullFence();
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "DoubleArray" + java.util.Arrays.toString(toArray());
    }
}
