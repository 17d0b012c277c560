package io.ipc4j.spi;

/**
 * A way to share values, arrays and synchronization primitives between processes, found
 * with {@link java.util.ServiceLoader} and chosen by {@link #name()} through the
 * {@code ipc4j.shared} setting.
 */
public interface SharedObjectsProvider {

    /** The value of {@code ipc4j.shared} that selects this provider, for example {@code mmap}. */
    String name();

    /** The shared objects of one context, made in its coordinator; closing them frees them all. */
    SharedObjects open(String contextId);

    /**
     * Attaches, from any process, to the named block of bytes made in context
     * {@code contextId}, without taking part in freeing it.
     *
     * @throws IllegalArgumentException if there is no such block
     */
    io.ipc4j.SharedMemory attachSharedMemory(String contextId, String name);

    /**
     * Readies a spare child JVM for this provider's handles before it reports ready for a
     * target: the first steps of attaching (opening and mapping a file, say) taken once on a
     * throwaway object, so that its target's first attach (a pool worker's chunk slots) does
     * not pay for loading them. Best effort: must not throw, and must leave nothing behind.
     *
     * @param scratchDir a directory of the child's context for throwaway files: the context
     *                   removes it as it closes, so a file of a child killed meanwhile goes with it
     */
    default void prepareChild(java.nio.file.Path scratchDir) {
    }

    /**
     * Frees what a coordinator that died without closing (for example by {@code kill -9})
     * left behind. Called by its orphaned children; must tolerate being called more than once.
     */
    void deleteOrphaned(String contextId);
}
