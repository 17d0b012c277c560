package io.ipc4j;

/**
 * A fixed-length {@code int} array in shared memory (CPython's {@code Array('i', ...)}),
 * zero-filled when made without values. Element reads are acquire loads and writes
 * release stores (see {@link IntValue}); bulk
 * {@code get(from, to)} and {@code set(offset, values)} are CPython's slices, atomic only
 * under {@link #lock()}. An index out of range throws {@link IndexOutOfBoundsException}.
 */
public interface IntArray {
    int length();

    int get(int index);

    void set(int index, int value);

    /** Elements {@code from} (inclusive) to {@code to} (exclusive). */
    int[] get(int from, int to);

    /** All elements. */
    int[] toArray();

    /** Writes {@code values} from {@code offset} on. */
    void set(int offset, int[] values);

    int getAndAdd(int index, int delta);

    int addAndGet(int index, int delta);

    boolean compareAndSet(int index, int expected, int value);

    /** The lock of this array: its own, or the one given when it was made. */
    Lock lock();
}
