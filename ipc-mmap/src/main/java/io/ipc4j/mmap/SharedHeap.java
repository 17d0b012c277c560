package io.ipc4j.mmap;

import io.ipc4j.internal.Lifetimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocks of one context's shared memory, handed out and taken back in the process
 * that made the context, as CPython's {@code multiprocessing.heap} does. Objects up to
 * {@value #LARGE} bytes come from arena files of {@value #ARENA_SIZE} bytes, by offset,
 * aligned to a cache line, best fit, neighbours merged when freed; larger ones get a file
 * of their own. Every process maps an arena once, however many objects it holds, so a
 * context is not limited by {@code vm.max_map_count}.
 *
 * <p>A block is freed when no handle to it is reachable any more in this process (the
 * handles hold its {@link Block}; copies deserialized here are tied to it again by
 * {@link HandleSerializer}); its space is zero-filled and given to a later object.
 * Other processes are not counted, as in CPython: see the README on how long a child may
 * use a value. Arenas stay until the context closes, so that a child never maps one
 * twice; a large block's file is deleted when it is freed. Since dropped handles are
 * only found by the garbage collector, mapping more than a budget first asks for a
 * collection ({@link #reclaim}), so that what is mapped follows what is in use, not how
 * rarely the collector runs.
 */
final class SharedHeap {
    static final int ARENA_SIZE = 1 << 20;
    static final int LARGE = ARENA_SIZE / 4;
    static final int ALIGN = 64;

    private static final Map<String, SharedHeap> OPEN = new ConcurrentHashMap<>();

    /** What the handles of one block hold; when it is unreachable, the block is freed. */
    static final class Block {
        final String path;
        final int start;
        final int length;

        private Block(String path, int start, int length) {
            this.path = path;
            this.start = start;
            this.length = length;
        }
    }

    private record Span(int size, int arena, int start) {
    }

    private static final class Arena {
        final int index;
        final String path;
        final ByteBuffer buf;
        final TreeMap<Integer, Integer> free = new TreeMap<>();
        final TreeMap<Integer, WeakReference<Block>> live = new TreeMap<>();

        Arena(int index, String path, ByteBuffer buf) {
            this.index = index;
            this.path = path;
            this.buf = buf;
        }
    }

    private final Path dir;
    private final AtomicInteger fileNumbers;
    private final Map<Integer, Arena> arenas = new HashMap<>();
    private final Map<String, Arena> arenasByPath = new HashMap<>();
    private final TreeSet<Span> free = new TreeSet<>(Comparator.comparingInt(Span::size)
            .thenComparingInt(Span::arena).thenComparingInt(Span::start));
    private final Map<String, WeakReference<Block>> large = new HashMap<>();
    private long usedBytes;
    private long largeBytes;
    /** How much may be mapped before dropped handles are looked for. */
    private final MappingBudget budget = new MappingBudget();
    private boolean closed;

    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(SharedHeap.class);
    }

    SharedHeap(Path dir, AtomicInteger fileNumbers) {
        this.dir = dir;
        this.fileNumbers = fileNumbers;
        OPEN.put(dir.toString(), this);
    }

    /**
     * A zero-filled block of at least {@code size} bytes, freed once the returned
     * {@link Block} is unreachable.
     *
     * @param kind names the file of a large block
     */
    Block allocate(String kind, long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a segment holds at most 2 GiB; " + size + " bytes asked");
        }
        int length = (int) Math.max(ALIGN, (size + ALIGN - 1) / ALIGN * ALIGN);
        Block b = tryAllocate(kind, (int) size, length, false);
        if (b == null) {
            reclaim(length);
            b = tryAllocate(kind, (int) size, length, true);
        }
        Lifetimes.CLEANER.register(b, new Freeing(this, b.path, b.start, size > LARGE ? -(int) size : length));
        return b;
    }

    /** Null when it would map more than the budget and {@code mayGrow} is false. */
    private synchronized Block tryAllocate(String kind, int size, int length, boolean mayGrow) {
        checkOpen();
        if (size > LARGE) {
            if (!mayGrow && !budget.allows(mappedBytes() + size)) {
                return null;
            }
            largeBytes += size;
            return allocateFile(kind, size);
        }
        if (free.ceiling(new Span(length, -1, -1)) == null) {
            if (!mayGrow && !budget.allows(mappedBytes() + ARENA_SIZE)) {
                return null;
            }
            newArena();
        }
        usedBytes += length;
        return allocateInArena(length);
    }

    private long mappedBytes() {
        return (long) arenas.size() * ARENA_SIZE + largeBytes;
    }

    /** Before mapping more than the budget: see {@link MappingBudget}. */
    private void reclaim(int length) {
        budget.reclaim(() -> inUse(length));
    }

    private synchronized long inUse(int more) {
        return usedBytes + largeBytes + more;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the shared objects of this context are closed");
        }
    }

    private Block allocateFile(String kind, int size) {
        Path file = dir.resolve(kind + "-" + fileNumbers.incrementAndGet());
        Segments.create(file, size);
        Block b = new Block(file.toString(), 0, size);
        large.put(b.path, new WeakReference<>(b));
        return b;
    }

    private Block allocateInArena(int length) {
        Span s = free.ceiling(new Span(length, -1, -1));
        Arena a = arenas.get(s.arena());
        free.remove(s);
        a.free.remove(s.start());
        if (s.size() > length) {
            addFree(a, s.start() + length, s.size() - length);
        }
        for (int i = 0; i < length; i += 8) {
            a.buf.putLong(s.start() + i, 0L);
        }
        Block b = new Block(a.path, s.start(), length);
        a.live.put(b.start, new WeakReference<>(b));
        return b;
    }

    private Span newArena() {
        int index = arenas.size();
        Path file = dir.resolve("arena-" + index);
        Arena a = new Arena(index, file.toString(), Segments.create(file, ARENA_SIZE));
        arenas.put(index, a);
        arenasByPath.put(a.path, a);
        return addFree(a, 0, ARENA_SIZE);
    }

    private Span addFree(Arena a, int start, int size) {
        Span s = new Span(size, a.index, start);
        free.add(s);
        a.free.put(start, size);
        return s;
    }

    private void removeFree(Arena a, int start, int size) {
        free.remove(new Span(size, a.index, start));
        a.free.remove(start);
    }

    /** Gives a block back, merged with free neighbours. {@code length} negative for a file of its own. */
    private synchronized void free(String path, int start, int length) {
        if (closed) {
            return;
        }
        budget.released();
        if (length < 0) {
            large.remove(path);
            largeBytes += length;
            try {
                Segments.delete(path);
            } catch (RuntimeException e) {
                log().warn("cannot free shared segment {}: {}", path, e.getMessage());
            }
            return;
        }
        usedBytes -= length;
        Arena a = arenasByPath.get(path);
        a.live.remove(start);
        int from = start;
        int size = length;
        Map.Entry<Integer, Integer> before = a.free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            removeFree(a, before.getKey(), before.getValue());
            from = before.getKey();
            size += before.getValue();
        }
        Integer after = a.free.get(start + length);
        if (after != null) {
            removeFree(a, start + length, after);
            size += after;
        }
        addFree(a, from, size);
    }

    /** The live block holding {@code offset} of {@code path}, or null. */
    private synchronized Block find(String path, int offset) {
        WeakReference<Block> ref;
        Arena a = arenasByPath.get(path);
        if (a == null) {
            ref = large.get(path);
        } else {
            Map.Entry<Integer, WeakReference<Block>> e = a.live.floorEntry(offset);
            ref = e == null ? null : e.getValue();
        }
        Block b = ref == null ? null : ref.get();
        return b != null && offset < b.start + b.length ? b : null;
    }

    /** In the process that made it, the block of a handle just read; null in any other. */
    static Block blockOf(String path, int offset) {
        int slash = path.lastIndexOf('/');
        SharedHeap heap = slash < 0 ? null : OPEN.get(path.substring(0, slash));
        return heap == null ? null : heap.find(path, offset);
    }

    /** Forgets everything; the files go with the context's directory. */
    synchronized void close() {
        closed = true;
        OPEN.remove(dir.toString(), this);
        arenas.clear();
        arenasByPath.clear();
        free.clear();
        large.clear();
    }

    /** The cleaning action of a block: holds what frees it, never the block itself. */
    private record Freeing(SharedHeap heap, String path, int start, int length) implements Runnable {
        @Override
        public void run() {
            heap.free(path, start, length);
        }
    }
}
