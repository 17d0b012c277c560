package io.ipc4j;

/**
 * An {@code int} in shared memory (CPython's {@code Value('i', ...)}). A {@code set} is a
 * release store and a {@code get} an acquire load: other processes see a write as soon as
 * the CPU publishes it, without the cost of a full fence; the atomics ({@code getAndAdd},
 * {@code compareAndSet}) are fully ordered and need no lock. {@link #lock()} is CPython's
 * {@code get_lock()}, for compound updates such as {@code set(get() + 1)}.
 */
public interface IntValue {
    int get();

    void set(int value);

    int getAndAdd(int delta);

    int addAndGet(int delta);

    boolean compareAndSet(int expected, int value);

    /** The lock of this value: its own, or the one given when it was made. */
    Lock lock();
}
