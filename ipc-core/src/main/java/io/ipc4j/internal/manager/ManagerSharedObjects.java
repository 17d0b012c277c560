package io.ipc4j.internal.manager;

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
import io.ipc4j.Manager;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.SharedMemory;
import io.ipc4j.spi.SharedObjects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The shared objects of a context with {@code ipc4j.shared=manager}: every value, array
 * and primitive lives in one manager, started by the first of them and stopped when the
 * context closes. Named shared memory cannot live in a manager.
 */
final class ManagerSharedObjects implements SharedObjects {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerSharedObjects.class);

    private final Supplier<Manager> start;
    private Manager manager;
    private ManagerClient client;
    private boolean closed;

    ManagerSharedObjects(Supplier<Manager> start) {
        this.start = start;
    }

    private synchronized ManagerClient client() {
        if (closed) {
            throw new IllegalStateException("the shared objects of this context are closed");
        }
        if (client == null) {
            manager = start.get();
            client = ((ManagerHandle) manager).client();
        }
        return client;
    }

    @Override
    public IntValue intValue(int initial, Lock lock) {
        return ManagedObjects.intValue(client(), initial, lock);
    }

    @Override
    public LongValue longValue(long initial, Lock lock) {
        return ManagedObjects.longValue(client(), initial, lock);
    }

    @Override
    public DoubleValue doubleValue(double initial, Lock lock) {
        return ManagedObjects.doubleValue(client(), initial, lock);
    }

    @Override
    public IntArray intArray(int[] initial, Lock lock) {
        return ManagedObjects.intArray(client(), initial, lock);
    }

    @Override
    public LongArray longArray(long[] initial, Lock lock) {
        return ManagedObjects.longArray(client(), initial, lock);
    }

    @Override
    public DoubleArray doubleArray(double[] initial, Lock lock) {
        return ManagedObjects.doubleArray(client(), initial, lock);
    }

    @Override
    public ByteArray byteArray(byte[] initial, Lock lock) {
        return ManagedObjects.byteArray(client(), initial, lock);
    }

    @Override
    public SharedMemory sharedMemory(String name, int size) {
        throw noSharedMemory();
    }

    @Override
    public SharedMemory attachSharedMemory(String name) {
        throw noSharedMemory();
    }

    private static UnsupportedOperationException noSharedMemory() {
        return new UnsupportedOperationException("named shared memory cannot live in a manager (setting ipc4j.shared=manager):"
                + " use ipc4j.shared=mmap for sharedMemory(name, size)");
    }

    @Override
    public Lock lock() {
        return ManagedObjects.lock(client());
    }

    @Override
    public RLock rLock() {
        return ManagedObjects.rLock(client());
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        return ManagedObjects.semaphore(client(), permits, bounded);
    }

    @Override
    public Event event() {
        return ManagedObjects.event(client());
    }

    @Override
    public Condition condition(Lock lock) {
        return ManagedObjects.condition(client(), lock);
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        return ManagedObjects.barrier(client(), parties, action);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (manager != null) {
            try {
                manager.close();
            } catch (RuntimeException e) {
                LOG.debug("the manager of the shared objects was gone at close", e);
            }
        }
    }
}
