package io.ipc4j.mmap;

/**
 * The layout of a value or array segment: the word of its own lock at 0 (unused when
 * it shares a lock), a scalar value at {@link #DATA} (on the lock's cache line, so a
 * locked update moves one line between cores), array elements from {@link #ELEMENTS}.
 */
final class MmapValues {
    static final int LOCK = 0;
    static final int DATA = 16;
    static final int VALUE_SIZE = 64;
    static final int ELEMENTS = 64;

    private MmapValues() {
    }
}
