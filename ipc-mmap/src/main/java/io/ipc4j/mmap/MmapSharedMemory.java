package io.ipc4j.mmap;

import io.ipc4j.SharedMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@link SharedMemory} block: a whole segment of its own. */
final class MmapSharedMemory extends MappedHandle implements SharedMemory {
    private final String name;
    private final int size;

    MmapSharedMemory(String name, String path, int size) {
        super(path, 0);
        this.name = name;
        this.size = size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ByteBuffer buffer() {
        return buf().duplicate().clear().limit(size).slice().order(ByteOrder.nativeOrder());
    }

    @Override
    public void unlink() {
        Segments.delete(path);
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes]";
    }
}
