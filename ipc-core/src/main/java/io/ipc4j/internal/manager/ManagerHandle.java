package io.ipc4j.internal.manager;

import io.ipc4j.Address;
import io.ipc4j.Barrier;
import io.ipc4j.ByteArray;
import io.ipc4j.ChildProcess;
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
import io.ipc4j.Namespace;
import io.ipc4j.Queue;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/** A {@link Manager}: a client of its server, and the server's process when this process started it. */
final class ManagerHandle implements Manager {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagerHandle.class);

    private final ManagerClient client;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ChildProcess process;
    private final Duration shutdownTimeout;

    ManagerHandle(ManagerClient client, ChildProcess process, Duration shutdownTimeout) {
        this.client = client;
        this.process = process;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The client of the server, for the shared objects of a context ({@code ipc4j.shared=manager}). */
    ManagerClient client() {
        return client;
    }

    @Override
    public long pid() {
        return process != null ? process.pid() : client.serverPid();
    }

    @Override
    public Optional<ChildProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public Address address() {
        return client.address;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> dict() {
        return client.create(BuiltinTypes.DICT).proxy(ConcurrentMap.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial) {
        HashMap<K, V> copy = new HashMap<>(initial);
        copy.forEach((k, v) -> {
            Objects.requireNonNull(k, "a key of the initial map");
            Objects.requireNonNull(v, "a value of the initial map");
        });
        return client.create(BuiltinTypes.DICT, copy).proxy(ConcurrentMap.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> list() {
        return client.create(BuiltinTypes.LIST).proxy(List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> list(Collection<? extends E> initial) {
        return client.create(BuiltinTypes.LIST, new ArrayList<>(initial)).proxy(List.class);
    }

    @Override
    public Namespace namespace() {
        return client.create(BuiltinTypes.NAMESPACE).proxy(Namespace.class);
    }

    @Override
    public IntValue intValue(int initial) {
        return ManagedObjects.intValue(client, initial);
    }

    @Override
    public LongValue longValue(long initial) {
        return ManagedObjects.longValue(client, initial);
    }

    @Override
    public DoubleValue doubleValue(double initial) {
        return ManagedObjects.doubleValue(client, initial);
    }

    @Override
    public IntArray intArray(int[] initial) {
        return ManagedObjects.intArray(client, initial);
    }

    @Override
    public LongArray longArray(long[] initial) {
        return ManagedObjects.longArray(client, initial);
    }

    @Override
    public DoubleArray doubleArray(double[] initial) {
        return ManagedObjects.doubleArray(client, initial);
    }

    @Override
    public ByteArray byteArray(byte[] initial) {
        return ManagedObjects.byteArray(client, initial);
    }

    @Override
    public Lock lock() {
        return ManagedObjects.lock(client);
    }

    @Override
    public RLock rLock() {
        return ManagedObjects.rLock(client);
    }

    @Override
    public Semaphore semaphore(int permits) {
        return ManagedObjects.semaphore(client, permits);
    }

    @Override
    public Semaphore boundedSemaphore(int permits) {
        return ManagedObjects.boundedSemaphore(client, permits);
    }

    @Override
    public Event event() {
        return ManagedObjects.event(client);
    }

    @Override
    public Condition condition() {
        return ManagedObjects.condition(client, null);
    }

    @Override
    public Condition condition(Lock lock) {
        return ManagedObjects.condition(client, Objects.requireNonNull(lock, "lock"));
    }

    @Override
    public Barrier barrier(int parties) {
        return ManagedObjects.barrier(client, parties);
    }

    @Override
    public <T> Queue<T> queue() {
        return ManagedObjects.queue(client, 0);
    }

    @Override
    public <T> Queue<T> queue(int maxsize) {
        return ManagedObjects.queue(client, maxsize);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue() {
        return ManagedObjects.joinableQueue(client, 0);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue(int maxsize) {
        return ManagedObjects.joinableQueue(client, maxsize);
    }

    @Override
    public <T> T create(String typeId, Class<T> api, Object... args) {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(api, "api");
        return client.create(typeId, args == null ? new Object[0] : args).proxy(api);
    }

    @Override
    public int liveObjects() {
        return client.liveObjects();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process == null) {
            client.closeHandle();
            return;
        }
        long start = System.nanoTime();
        client.shutdown(shutdownTimeout);
        Duration left = shutdownTimeout.minusNanos(System.nanoTime() - start);
        if (!process.join(left.isNegative() ? Duration.ZERO : left)) {
            process.terminate();
            if (!process.join(Duration.ofSeconds(1))) {
                process.kill();
                process.join(Duration.ofSeconds(5));
            }
        }
        deleteSocketFile();
    }

    /**
     * A server that was killed could not remove its socket file, nor on {@code shm:PATH} the
     * directory of its segments beside it ({@code PATH.segments}, empty but for a connection it
     * was making): they go once the server is gone.
     */
    private void deleteSocketFile() {
        if (client.address.isTcp() || process.isAlive()) {
            return;
        }
        try {
            java.nio.file.Path socket = client.address.path();
            java.nio.file.Files.deleteIfExists(socket);
            if (client.address.toString().startsWith("shm:")) {
                java.nio.file.Path segments = socket.resolveSibling(socket.getFileName() + ".segments");
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(segments)) {
                    for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    return;
                }
                java.nio.file.Files.deleteIfExists(segments);
            }
        } catch (java.io.IOException e) {
            LOG.debug("cannot delete the socket file {} of a stopped manager: {}", client.address.path(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "Manager[" + client.address + (process != null ? " pid=" + process.pid() : "") + "]";
    }
}
