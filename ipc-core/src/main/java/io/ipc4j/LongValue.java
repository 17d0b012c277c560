package io.ipc4j;

/** A {@code long} in shared memory; see {@link IntValue}. */
public interface LongValue {
    long get();

    void set(long value);

    long getAndAdd(long delta);

    long addAndGet(long delta);

    boolean compareAndSet(long expected, long value);

    /** The lock of this value: its own, or the one given when it was made. */
    Lock lock();
}
