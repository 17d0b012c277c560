package io.ipc4j;

import java.nio.ByteBuffer;

/**
 * A named block of bytes shared by processes (CPython's
 * {@code multiprocessing.shared_memory.SharedMemory}), made by
 * {@code Context.sharedMemory(name, size)}. Find it again by name with
 * {@code Context.attachSharedMemory(name)} in the coordinator or {@link #attach(String)} in
 * a child, or pass the handle to a child. The block lives until the context that made it closes.
 */
public interface SharedMemory {

    /**
     * In a child process: the block of that name made by the context that started this
     * process (CPython's {@code SharedMemory(name)}).
     *
     * @throws IllegalStateException in a process no ipc4j context started (a coordinator
     *                               uses {@code Context.attachSharedMemory(name)})
     * @throws IllegalArgumentException if there is no such block
     */
    static SharedMemory attach(String name) {
        String contextId = io.ipc4j.internal.process.ProcessRuntime.get().parentContextId()
                .orElseThrow(() -> new IllegalStateException("SharedMemory.attach(name) is for child processes; "
                        + "in a coordinator use Context.attachSharedMemory(name)"));
        return io.ipc4j.internal.SharedProviders.attach(contextId, name);
    }

    /** The name it was made with. */
    String name();

    /** Its size in bytes. */
    int size();

    /**
     * A view of the whole block, position 0, limit {@link #size()}, in native byte order.
     * Each call gives a new view over the same memory.
     */
    ByteBuffer buffer();

    /**
     * Destroys the block's name (CPython's {@code unlink()}): from now on no process can
     * attach it, and its memory is given back once every process that mapped it has let go
     * of it. Views already taken stay usable. Calling it again does nothing; the block is
     * unlinked anyway when its context closes.
     */
    void unlink();
}
