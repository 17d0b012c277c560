package io.ipc4j;

/** A fixed-length {@code long} array in shared memory; see {@link IntArray}. */
public interface LongArray {
    int length();

    long get(int index);

    void set(int index, long value);

    /** Elements {@code from} (inclusive) to {@code to} (exclusive). */
    long[] get(int from, int to);

    /** All elements. */
    long[] toArray();

    /** Writes {@code values} from {@code offset} on. */
    void set(int offset, long[] values);

    long getAndAdd(int index, long delta);

    long addAndGet(int index, long delta);

    boolean compareAndSet(int index, long expected, long value);

    /** The lock of this array: its own, or the one given when it was made. */
    Lock lock();
}
