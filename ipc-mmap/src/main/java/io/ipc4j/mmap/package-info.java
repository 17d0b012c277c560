/**
 * Shared memory for ipc4j: values, arrays and synchronization primitives in
 * memory-mapped files, and the Chronicle queue transport. Filled in by its own issue.
 */
package io.ipc4j.mmap;
