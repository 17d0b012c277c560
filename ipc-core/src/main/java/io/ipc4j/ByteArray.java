package io.ipc4j;

/**
 * A fixed-length byte array in shared memory (CPython's {@code Array('b', ...)} or
 * {@code Array('c', ...)}); see {@link IntArray}. Single bytes are read and written
 * with volatile semantics; there are no byte atomics.
 */
public interface ByteArray {
    int length();

    byte get(int index);

    void set(int index, byte value);

    /** Elements {@code from} (inclusive) to {@code to} (exclusive). */
    byte[] get(int from, int to);

    /** All elements. */
    byte[] toArray();

    /** Writes {@code values} from {@code offset} on. */
    void set(int offset, byte[] values);

    /** The lock of this array: its own, or the one given when it was made. */
    Lock lock();
}
