/**
 * Shared memory for ipc4j: values, arrays, named blocks and the synchronization
 * primitives in memory-mapped files under {@code /dev/shm}, one directory per context.
 * Selected by {@code ipc4j.shared=mmap} (the default); users only see the
 * {@code io.ipc4j} interfaces.
 */
package io.ipc4j.mmap;
