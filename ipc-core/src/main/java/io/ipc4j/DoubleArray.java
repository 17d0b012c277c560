package io.ipc4j;

/** A fixed-length {@code double} array in shared memory; see {@link IntArray}. */
public interface DoubleArray {
    int length();

    double get(int index);

    void set(int index, double value);

    /** Elements {@code from} (inclusive) to {@code to} (exclusive). */
    double[] get(int from, int to);

    /** All elements. */
    double[] toArray();

    /** Writes {@code values} from {@code offset} on. */
    void set(int offset, double[] values);

    /** The lock of this array: its own, or the one given when it was made. */
    Lock lock();
}
