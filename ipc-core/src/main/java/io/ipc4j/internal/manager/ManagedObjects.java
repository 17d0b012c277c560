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
import io.ipc4j.Manager;
import io.ipc4j.Queue;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.spi.SharedObjects;

import java.util.function.Supplier;

/**
 * The values, arrays, synchronization primitives and queues a manager serves: their types,
 * registered in every manager server by {@link #registerTypes}, and the factories behind
 * {@code Manager.intValue(...)} and the others, which make the server object and wrap it
 * in an adapter implementing the {@code io.ipc4j} interface. A value or array made without
 * a lock gets a managed lock of its own.
 */
public final class ManagedObjects {
    private ManagedObjects() {
    }

    /** The value of {@code ipc4j.shared} that puts a context's shared objects in a manager. */
    public static final String SHARED_SETTING = "manager";

    /** The shared objects of a context with {@code ipc4j.shared=manager}, in the manager {@code start} starts at first use. */
    public static SharedObjects sharedObjects(Supplier<Manager> start) {
        return new ManagerSharedObjects(start);
    }

    /** Registers the types of this class in a manager server's table. */
    static void registerTypes(TypeTable t) {
        t.register("IntValue", a -> new ServerValues.IntCell((Integer) a[0]), ManagedApis.IntValueApi.class);
        t.register("LongValue", a -> new ServerValues.LongCell((Long) a[0]), ManagedApis.LongValueApi.class);
        t.register("DoubleValue", a -> new ServerValues.DoubleCell((Double) a[0]), ManagedApis.DoubleValueApi.class);
        t.register("IntArray", a -> new ServerArrays.IntCells((int[]) a[0]), ManagedApis.IntArrayApi.class);
        t.register("LongArray", a -> new ServerArrays.LongCells((long[]) a[0]), ManagedApis.LongArrayApi.class);
        t.register("DoubleArray", a -> new ServerArrays.DoubleCells((double[]) a[0]), ManagedApis.DoubleArrayApi.class);
        t.register("ByteArray", a -> new ServerArrays.ByteCells((byte[]) a[0]), ManagedApis.ByteArrayApi.class);
        t.register("Lock", a -> new ServerLock(false), ManagedApis.RLockApi.class);
        t.register("RLock", a -> new ServerLock(true), ManagedApis.RLockApi.class);
        t.register("Semaphore", a -> new ServerSemaphore((Integer) a[0], (Boolean) a[1]), ManagedApis.SemaphoreApi.class);
        t.register("Event", a -> new ServerEvent(), ManagedApis.EventApi.class);
        t.register("Condition", a -> new ServerCondition(), ManagedApis.ConditionApi.class);
        t.register("Barrier", a -> new ServerBarrier((Integer) a[0]), ManagedApis.BarrierApi.class);
        t.register("Queue", a -> new ServerQueue((Integer) a[0], (Boolean) a[1]), ManagedApis.QueueApi.class);
    }


    // ---- the Manager's factories (Manager.intValue(...) and the others)

    /** A managed int value with a managed lock of its own. */
    public static IntValue intValue(ManagerClient c, int initial) {
        return intValue(c, initial, null);
    }

    /** A managed long value with a managed lock of its own. */
    public static LongValue longValue(ManagerClient c, long initial) {
        return longValue(c, initial, null);
    }

    /** A managed double value with a managed lock of its own. */
    public static DoubleValue doubleValue(ManagerClient c, double initial) {
        return doubleValue(c, initial, null);
    }

    /** A managed int array holding a copy of {@code initial}, with a managed lock of its own. */
    public static IntArray intArray(ManagerClient c, int[] initial) {
        return intArray(c, initial, null);
    }

    /** A managed long array holding a copy of {@code initial}, with a managed lock of its own. */
    public static LongArray longArray(ManagerClient c, long[] initial) {
        return longArray(c, initial, null);
    }

    /** A managed double array holding a copy of {@code initial}, with a managed lock of its own. */
    public static DoubleArray doubleArray(ManagerClient c, double[] initial) {
        return doubleArray(c, initial, null);
    }

    /** A managed byte array holding a copy of {@code initial}, with a managed lock of its own. */
    public static ByteArray byteArray(ManagerClient c, byte[] initial) {
        return byteArray(c, initial, null);
    }

    /** A managed semaphore. */
    public static Semaphore semaphore(ManagerClient c, int permits) {
        return semaphore(c, permits, false);
    }

    /** A managed bounded semaphore. */
    public static Semaphore boundedSemaphore(ManagerClient c, int permits) {
        return semaphore(c, permits, true);
    }

    /** A managed barrier without an action. */
    public static Barrier barrier(ManagerClient c, int parties) {
        return barrier(c, parties, null);
    }

    /** A managed queue; {@code maxsize} 0 or less means unbounded. */
    public static <T> Queue<T> queue(ManagerClient c, int maxsize) {
        return queue(c, maxsize, false);
    }

    /** A managed joinable queue; {@code maxsize} 0 or less means unbounded. */
    public static <T> JoinableQueue<T> joinableQueue(ManagerClient c, int maxsize) {
        return queue(c, maxsize, true);
    }

    // ---- the shared objects of a context with ipc4j.shared=manager, and the factories above

    private static Lock ownOr(ManagerClient c, Lock given) {
        return given != null ? given : lock(c);
    }

    private static int length(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("array length must not be negative: " + n);
        }
        return n;
    }

    /** A managed int value guarded by {@code lock}, or by a managed lock of its own when null. */
    public static IntValue intValue(ManagerClient c, int initial, Lock lock) {
        return new ManagerValues.ManagerIntValue(c.create("IntValue", initial), ownOr(c, lock));
    }

    /** A managed long value guarded by {@code lock}, or by a managed lock of its own when null. */
    public static LongValue longValue(ManagerClient c, long initial, Lock lock) {
        return new ManagerValues.ManagerLongValue(c.create("LongValue", initial), ownOr(c, lock));
    }

    /** A managed double value guarded by {@code lock}, or by a managed lock of its own when null. */
    public static DoubleValue doubleValue(ManagerClient c, double initial, Lock lock) {
        return new ManagerValues.ManagerDoubleValue(c.create("DoubleValue", initial), ownOr(c, lock));
    }

    /** A managed int array holding {@code initial} guarded by {@code lock} or a lock of its own. */
    public static IntArray intArray(ManagerClient c, int[] initial, Lock lock) {
        return new ManagerArrays.ManagerIntArray(c.create("IntArray", (Object) initial), length(initial.length),
                ownOr(c, lock));
    }

    /** A managed long array holding {@code initial} guarded by {@code lock} or a lock of its own. */
    public static LongArray longArray(ManagerClient c, long[] initial, Lock lock) {
        return new ManagerArrays.ManagerLongArray(c.create("LongArray", (Object) initial), length(initial.length),
                ownOr(c, lock));
    }

    /** A managed double array holding {@code initial} guarded by {@code lock} or a lock of its own. */
    public static DoubleArray doubleArray(ManagerClient c, double[] initial, Lock lock) {
        return new ManagerArrays.ManagerDoubleArray(c.create("DoubleArray", (Object) initial), length(initial.length),
                ownOr(c, lock));
    }

    /** A managed byte array holding {@code initial} guarded by {@code lock} or a lock of its own. */
    public static ByteArray byteArray(ManagerClient c, byte[] initial, Lock lock) {
        return new ManagerArrays.ManagerByteArray(c.create("ByteArray", (Object) initial), length(initial.length),
                ownOr(c, lock));
    }

    /** A managed lock. */
    public static Lock lock(ManagerClient c) {
        return new ManagerLock(c.create("Lock"));
    }

    /** A managed reentrant lock. */
    public static RLock rLock(ManagerClient c) {
        return new ManagerRLock(c.create("RLock"));
    }

    /** @throws IllegalArgumentException if {@code permits} is negative */
    public static Semaphore semaphore(ManagerClient c, int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: " + permits);
        }
        return new ManagerSemaphore(c.create("Semaphore", permits, bounded), bounded);
    }

    /** A managed event. */
    public static Event event(ManagerClient c) {
        return new ManagerEvent(c.create("Event"));
    }

    /** A condition over {@code lock}, a Lock or RLock of a manager; a new RLock when null. */
    public static Condition condition(ManagerClient c, Lock lock) {
        ManagerLock over = ManagerCondition.managedLock(lock != null ? lock : rLock(c));
        return new ManagerCondition(c.create("Condition"), over);
    }

    /** @throws IllegalArgumentException if {@code parties} is below 1 */
    public static Barrier barrier(ManagerClient c, int parties, SerializableRunnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, not " + parties);
        }
        return new ManagerBarrier(c.create("Barrier", parties), parties, action);
    }

    /** A queue; {@code maxsize} 0 or less means unbounded. */
    public static <T> JoinableQueue<T> queue(ManagerClient c, int maxsize, boolean joinable) {
        int max = Math.max(0, maxsize);
        return new ManagerQueue<>(c.create("Queue", max, joinable), max);
    }
}
