package io.ipc4j;

import java.nio.ByteBuffer;

/**
 * A named block of bytes shared by processes (CPython's
 * {@code multiprocessing.shared_memory.SharedMemory}), made by
 * {@code Context.sharedMemory(name, size)}. Find it again by name with
 * {@code Context.attachSharedMemory(name)} or pass the handle to a child. The block
 * lives until the context that made it closes.
 */
public interface SharedMemory {

    /** The name it was made with. */
    String name();

    /** Its size in bytes. */
    int size();

    /**
     * A view of the whole block, position 0, limit {@link #size()}, in native byte order.
     * Each call gives a new view over the same memory.
     */
    ByteBuffer buffer();
}
