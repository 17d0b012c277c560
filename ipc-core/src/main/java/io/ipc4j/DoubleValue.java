package io.ipc4j;

/** A {@code double} in shared memory (CPython's {@code Value('d', ...)}); see {@link IntValue}. */
public interface DoubleValue {
    double get();

    void set(double value);

    /** Atomically adds {@code delta} and returns the new value. */
    double addAndGet(double delta);

    /** Compares the bits of the current value with those of {@code expected}. */
    boolean compareAndSet(double expected, double value);

    /** The lock of this value: its own, or the one given when it was made. */
    Lock lock();
}
