package io.ipc4j.internal.manager;

import io.ipc4j.Barrier;
import io.ipc4j.ByteArray;
import io.ipc4j.Condition;
import io.ipc4j.DoubleArray;
import io.ipc4j.DoubleValue;
import io.ipc4j.Event;
import io.ipc4j.IntArray;
import io.ipc4j.IntValue;
import io.ipc4j.JoinableQueue;
import io.ipc4j.Lock;
import io.ipc4j.LongArray;
import io.ipc4j.LongValue;
import io.ipc4j.Queue;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;

/** The managed values, arrays, synchronization primitives and queues: their types and the Manager's factories of them. */
public final class ManagedObjects {
    private ManagedObjects() {
    }

    static void registerTypes(TypeTable t) {
    }

    private static UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("not yet");
    }

    public static IntValue intValue(ManagerClient c, int initial) {
        throw notYet();
    }

    public static LongValue longValue(ManagerClient c, long initial) {
        throw notYet();
    }

    public static DoubleValue doubleValue(ManagerClient c, double initial) {
        throw notYet();
    }

    public static IntArray intArray(ManagerClient c, int[] initial) {
        throw notYet();
    }

    public static LongArray longArray(ManagerClient c, long[] initial) {
        throw notYet();
    }

    public static DoubleArray doubleArray(ManagerClient c, double[] initial) {
        throw notYet();
    }

    public static ByteArray byteArray(ManagerClient c, byte[] initial) {
        throw notYet();
    }

    public static Lock lock(ManagerClient c) {
        throw notYet();
    }

    public static RLock rLock(ManagerClient c) {
        throw notYet();
    }

    public static Semaphore semaphore(ManagerClient c, int permits) {
        throw notYet();
    }

    public static Semaphore boundedSemaphore(ManagerClient c, int permits) {
        throw notYet();
    }

    public static Event event(ManagerClient c) {
        throw notYet();
    }

    public static Condition condition(ManagerClient c, Lock lock) {
        throw notYet();
    }

    public static Barrier barrier(ManagerClient c, int parties) {
        throw notYet();
    }

    public static <T> Queue<T> queue(ManagerClient c, int maxsize) {
        throw notYet();
    }

    public static <T> JoinableQueue<T> joinableQueue(ManagerClient c, int maxsize) {
        throw notYet();
    }
}
