package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.ByteArray;
import io.ipc4j.Lock;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A {@link ByteArray} from {@value MmapValues#ELEMENTS} in its segment; fences order its plain byte accesses. */
@DefaultSerializer(HandleSerializer.class)
final class MmapByteArray extends MappedHandle implements ByteArray {
    private final int length;
    private final Lock lock;

    MmapByteArray(String path, int block, int length, Lock lock) {
        super(path, block + MmapValues.ELEMENTS);
        this.length = length;
        this.lock = lock;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public byte get(int index) {
        byte v = buf().get(offset + Objects.checkIndex(index, length));
        VarHandle.acquireFence();
        return v;
    }

    @Override
    public void set(int index, byte value) {
        ByteBuffer b = buf();
        VarHandle.releaseFence();
        b.put(offset + Objects.checkIndex(index, length), value);
        VarHandle.fullFence();
    }

    @Override
    public byte[] get(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        byte[] out = new byte[to - from];
        VarHandle.acquireFence();
        buf().get(offset + from, out);
        VarHandle.acquireFence();
        return out;
    }

    @Override
    public byte[] toArray() {
        return get(0, length);
    }

    @Override
    public void set(int offsetInArray, byte[] values) {
        Objects.checkFromIndexSize(offsetInArray, values.length, length);
        VarHandle.releaseFence();
        buf().put(offset + offsetInArray, values);
        VarHandle.fullFence();
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "ByteArray" + java.util.Arrays.toString(toArray());
    }
}
