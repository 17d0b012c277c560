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
 * The shared objects of one context: blocks of a {@link SharedHeap} (a few arena files,
 * and files of their own for large arrays) in the context's directory (mode 0700), with
 * the {@link Doorbell} registry, FIFOs and sockets, all deleted by {@link #close()}. A block is
 * freed once no handle to it is left in this process.
 */
final class MmapSharedObjects implements SharedObjects {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final long MAX_ELEMENTS_BYTES = Integer.MAX_VALUE - MmapValues.ELEMENTS;

    private final Path dir;
    private final SharedHeap heap;
    private final Thread fifoMaker;

    MmapSharedObjects(String contextId) {
        this.dir = ShmPaths.contextDir(contextId);
        try {
            ShmPaths.ensureDirectory(dir);
        } catch (IOException e) {
            throw new IpcException("cannot create the shared-memory directory " + dir + ": " + e.getMessage(), e);
        }
        ByteBuffer bells;
        try {
            bells = Segments.create(dir.resolve(Doorbell.REGISTRY), Doorbell.REGISTRY_SIZE);
        } catch (RuntimeException e) {
            removeIfEmpty(dir); // the context never had its shared objects, so its close would leave it
            throw e;
        }
        this.fifoMaker = Doorbell.makeFifos(dir, bells);
        this.heap = new SharedHeap(dir, new AtomicInteger());
    }

    private void awaitFifoMaker() {
        boolean interrupted = false;
        long end = System.nanoTime() + 30_000_000_000L;
        while (fifoMaker.isAlive() && System.nanoTime() - end < 0) {
            try {
                fifoMaker.join(1000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException inUse) {
            // not empty: another part of the context (the shm channel's pipes) made it and removes it
        }
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

    private static Lock ownOr(SharedHeap.Block b, Lock given) {
        return given != null ? given : new MmapLock(b.path, b.start + MmapValues.LOCK).holding(b);
    }

    @Override
    public IntValue intValue(int initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("value", MmapValues.VALUE_SIZE);
        MmapIntValue v = new MmapIntValue(b.path, b.start, ownOr(b, lock)).holding(b);
        v.set(initial);
        return v;
    }

    @Override
    public LongValue longValue(long initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("value", MmapValues.VALUE_SIZE);
        MmapLongValue v = new MmapLongValue(b.path, b.start, ownOr(b, lock)).holding(b);
        v.set(initial);
        return v;
    }

    @Override
    public DoubleValue doubleValue(double initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("value", MmapValues.VALUE_SIZE);
        MmapDoubleValue v = new MmapDoubleValue(b.path, b.start, ownOr(b, lock)).holding(b);
        v.set(initial);
        return v;
    }

    @Override
    public IntArray intArray(int[] initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("array", elements(initial.length, 4));
        MmapIntArray a = new MmapIntArray(b.path, b.start, initial.length, ownOr(b, lock)).holding(b);
        a.set(0, initial);
        return a;
    }

    @Override
    public LongArray longArray(long[] initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("array", elements(initial.length, 8));
        MmapLongArray a = new MmapLongArray(b.path, b.start, initial.length, ownOr(b, lock)).holding(b);
        a.set(0, initial);
        return a;
    }

    @Override
    public DoubleArray doubleArray(double[] initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("array", elements(initial.length, 8));
        MmapDoubleArray a = new MmapDoubleArray(b.path, b.start, initial.length, ownOr(b, lock)).holding(b);
        a.set(0, initial);
        return a;
    }

    @Override
    public ByteArray byteArray(byte[] initial, Lock lock) {
        SharedHeap.Block b = heap.allocate("array", elements(initial.length, 1));
        MmapByteArray a = new MmapByteArray(b.path, b.start, initial.length, ownOr(b, lock)).holding(b);
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
        SharedHeap.Block b = heap.allocate("lock", 64);
        return new MmapLock(b.path, b.start).holding(b);
    }

    @Override
    public RLock rLock() {
        SharedHeap.Block b = heap.allocate("rlock", 64);
        return new MmapRLock(b.path, b.start).holding(b);
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: " + permits);
        }
        SharedHeap.Block b = heap.allocate("semaphore", MmapSemaphore.SIZE);
        MmapSemaphore s = new MmapSemaphore(b.path, b.start, permits, bounded).holding(b);
        s.init();
        return s;
    }

    @Override
    public Event event() {
        SharedHeap.Block b = heap.allocate("event", 64);
        return new MmapEvent(b.path, b.start).holding(b);
    }

    @Override
    public Condition condition(Lock lock) {
        SharedHeap.Block b = heap.allocate("condition", MmapCondition.SIZE);
        return new MmapCondition(b.path, b.start, lock).holding(b);
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        if (parties < 1 || parties > 4096) {
            throw new IllegalArgumentException("a barrier needs 1 to 4096 parties, not " + parties);
        }
        SharedHeap.Block b = heap.allocate("barrier", MmapBarrier.size(parties));
        return new MmapBarrier(b.path, b.start, parties, action).holding(b);
    }

    @Override
    public void close() {
        heap.close();
        Doorbell.close(dir);
        awaitFifoMaker(); // its FIFOs must not appear after the directory is gone, or keep it
        ShmPaths.deleteTree(dir);
        Segments.forget(dir);
    }
}
