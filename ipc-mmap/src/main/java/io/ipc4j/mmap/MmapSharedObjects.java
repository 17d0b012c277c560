package io.ipc4j.mmap;

import io.ipc4j.Barrier;
import io.ipc4j.ByteArray;
import io.ipc4j.Condition;
import io.ipc4j.DoubleArray;
import io.ipc4j.DoubleValue;
import io.ipc4j.Event;
import io.ipc4j.IntArray;
import io.ipc4j.IntValue;
import io.ipc4j.IpcException;
import io.ipc4j.Lock;
import io.ipc4j.LongArray;
import io.ipc4j.LongValue;
import io.ipc4j.RLock;
import io.ipc4j.Semaphore;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.SharedMemory;
import io.ipc4j.spi.SharedObjects;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The shared objects of one context: one segment file per object in the context's
 * directory (mode 0700), with the {@link Doorbell} registry and sockets, all deleted by
 * {@link #close()}.
 */
final class MmapSharedObjects implements SharedObjects {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final long MAX_ELEMENTS_BYTES = Integer.MAX_VALUE - MmapValues.ELEMENTS;

    private final Path dir;
    private final AtomicInteger numbers = new AtomicInteger();
    private volatile boolean closed;

    MmapSharedObjects(String contextId) {
        this.dir = ShmPaths.contextDir(contextId);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new IpcException("cannot create the shared-memory directory " + dir + ": " + e.getMessage(), e);
        }
        Segments.create(dir.resolve(Doorbell.REGISTRY), Doorbell.REGISTRY_SIZE);
    }

    private String newSegment(String kind, long size) {
        if (closed) {
            throw new IllegalStateException("the shared objects of this context are closed");
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a segment holds at most 2 GiB; " + size + " bytes asked");
        }
        Path file = dir.resolve(kind + "-" + numbers.incrementAndGet());
        Segments.create(file, (int) size);
        return file.toString();
    }

    private static long elements(int length, int width) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must not be negative: " + length);
        }
        long bytes = (long) length * width;
        if (bytes > MAX_ELEMENTS_BYTES) {
            throw new IllegalArgumentException("array of " + length + " elements is larger than 2 GiB");
        }
        return MmapValues.ELEMENTS + bytes;
    }

    private static Lock ownOr(String path, Lock given) {
        return given != null ? given : new MmapLock(path, MmapValues.LOCK);
    }

    @Override
    public IntValue intValue(int initial, Lock lock) {
        String path = newSegment("value", MmapValues.VALUE_SIZE);
        IntValue v = new MmapIntValue(path, ownOr(path, lock));
        v.set(initial);
        return v;
    }

    @Override
    public LongValue longValue(long initial, Lock lock) {
        String path = newSegment("value", MmapValues.VALUE_SIZE);
        LongValue v = new MmapLongValue(path, ownOr(path, lock));
        v.set(initial);
        return v;
    }

    @Override
    public DoubleValue doubleValue(double initial, Lock lock) {
        String path = newSegment("value", MmapValues.VALUE_SIZE);
        DoubleValue v = new MmapDoubleValue(path, ownOr(path, lock));
        v.set(initial);
        return v;
    }

    @Override
    public IntArray intArray(int[] initial, Lock lock) {
        String path = newSegment("array", elements(initial.length, 4));
        IntArray a = new MmapIntArray(path, initial.length, ownOr(path, lock));
        a.set(0, initial);
        return a;
    }

    @Override
    public LongArray longArray(long[] initial, Lock lock) {
        String path = newSegment("array", elements(initial.length, 8));
        LongArray a = new MmapLongArray(path, initial.length, ownOr(path, lock));
        a.set(0, initial);
        return a;
    }

    @Override
    public DoubleArray doubleArray(double[] initial, Lock lock) {
        String path = newSegment("array", elements(initial.length, 8));
        DoubleArray a = new MmapDoubleArray(path, initial.length, ownOr(path, lock));
        a.set(0, initial);
        return a;
    }

    @Override
    public ByteArray byteArray(byte[] initial, Lock lock) {
        String path = newSegment("array", elements(initial.length, 1));
        ByteArray a = new MmapByteArray(path, initial.length, ownOr(path, lock));
        a.set(0, initial);
        return a;
    }

    @Override
    public SharedMemory sharedMemory(String name, int size) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("shared memory names are 1-200 of [A-Za-z0-9._-], not '" + name + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory size must be positive: " + size);
        }
        Path file = dir.resolve("shm-" + name);
        if (Files.exists(file)) {
            throw new IllegalArgumentException("shared memory '" + name + "' exists already");
        }
        Segments.create(file, size);
        return new MmapSharedMemory(name, file.toString(), size);
    }

    @Override
    public SharedMemory attachSharedMemory(String name) {
        return attach(dir, name);
    }

    /** The named block in a context's directory, from any process. */
    static SharedMemory attach(Path dir, String name) {
        Path file = NAME.matcher(name).matches() ? dir.resolve("shm-" + name) : null;
        if (file == null || !Files.exists(file)) {
            throw new IllegalArgumentException("no shared memory named '" + name + "' in this context");
        }
        ByteBuffer mapped = Segments.map(file.toString());
        return new MmapSharedMemory(name, file.toString(), mapped.capacity());
    }

    @Override
    public Lock lock() {
        return new MmapLock(newSegment("lock", 64), 0);
    }

    @Override
    public RLock rLock() {
        return new MmapRLock(newSegment("rlock", 64), 0);
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: " + permits);
        }
        MmapSemaphore s = new MmapSemaphore(newSegment("semaphore", MmapSemaphore.SIZE), 0, permits, bounded);
        s.init();
        return s;
    }

    @Override
    public Event event() {
        return new MmapEvent(newSegment("event", 64), 0);
    }

    @Override
    public Condition condition(Lock lock) {
        return new MmapCondition(newSegment("condition", MmapCondition.SIZE), 0, lock);
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        if (parties < 1 || parties > 4096) {
            throw new IllegalArgumentException("a barrier needs 1 to 4096 parties, not " + parties);
        }
        return new MmapBarrier(newSegment("barrier", MmapBarrier.size(parties)), 0, parties, action);
    }

    @Override
    public void close() {
        closed = true;
        Doorbell.close(dir);
        ShmPaths.deleteTree(dir);
        Segments.forget(dir);
    }
}
