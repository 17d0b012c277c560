package io.ipc4j.spi;

import io.ipc4j.Barrier;
import io.ipc4j.ByteArray;
import io.ipc4j.Condition;
import io.ipc4j.DoubleArray;
import io.ipc4j.DoubleValue;
import io.ipc4j.Event;
import io.ipc4j.IntArray;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.LongArray;
import io.ipc4j.LongValue;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.SharedMemory;

/**
 * The factory of one context's shared objects. A {@code lock} argument of null gives the
 * value or array a lock of its own. Every object returned is a serializable handle that
 * works in the coordinator and in its children. {@link #close()} frees everything made.
 */
public interface SharedObjects extends AutoCloseable {
    IntValue intValue(int initial, Lock lock);

    LongValue longValue(long initial, Lock lock);

    DoubleValue doubleValue(double initial, Lock lock);

    IntArray intArray(int[] initial, Lock lock);

    LongArray longArray(long[] initial, Lock lock);

    DoubleArray doubleArray(double[] initial, Lock lock);

    ByteArray byteArray(byte[] initial, Lock lock);

    SharedMemory sharedMemory(String name, int size);

    SharedMemory attachSharedMemory(String name);

    Lock lock();

    RLock rLock();

    Semaphore semaphore(int permits, boolean bounded);

    Event event();

    Condition condition(Lock lock);

    Barrier barrier(int parties, SerializableRunnable action);

    /** Frees every object made here; handles in use anywhere become invalid. */
    @Override
    void close();
}
