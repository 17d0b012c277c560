package io.ipc4j;

/**
 * Proof that a lock or a semaphore permit is held, for try-with-resources:
 * {@code try (Held h = lock.acquire()) { ... }} releases on leaving the block.
 */
public interface Held extends AutoCloseable {

    /** True if this acquisition took the lock or permit over from a process that died holding it. */
    boolean tookOverFromDeadOwner();

    /** Releases what was acquired, as {@code release()} would; close it once. */
    @Override
    void close();
}
