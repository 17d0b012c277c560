/**
 * Not an API: what the ipc4j modules share among themselves (exported only to
 * {@code io.ipc4j.mmap}); it may change in any release. Use {@link io.ipc4j}.
 */
package io.ipc4j.internal;
