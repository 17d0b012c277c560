package io.ipc4j.internal.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call's work: a function, its chunks, and what the caller waits on. Each chunk's
 * result is also a future of its own, for {@code imap}; the whole job completes with
 * every item's result in input order, or the first failure.
 */
final class Job implements Items.ResultArrays {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);
    final long id;
    final byte kind;
    final Object fn;
    final byte[] fnBytes;
    final String name;
    final CompletableFuture<List<Object>> all = new CompletableFuture<>();
    final CompletableFuture<Items>[] chunks;
    private final Items[] results;
    private final AtomicInteger remaining;
    private volatile Throwable error;
    private final int itemCount;
    /** The int[], long[] or double[] that holds the results of chunks, once made after the first arrives. */
    private Object resultArray;
    /** The kind of {@link #resultArray}, chosen by the first chunk that asked; 0 before. */
    private byte resultKind;
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;
    /** Results from which their array is made on a thread of its own. */
    private static final int ALLOCATE_APART = 1 << 20;

    @SuppressWarnings("unchecked")
    Job(long id, byte kind, Object fn, byte[] fnBytes, String name, int chunkCount, int itemCount) {
        this.id = id;
        this.kind = kind;
        this.fn = fn;
        this.fnBytes = fnBytes;
        this.name = name;
        this.chunks = new CompletableFuture[chunkCount];
        for (int i = 0; i < chunkCount; i++) {
            chunks[i] = new CompletableFuture<>();
        }
        this.results = new Items[chunkCount];
        this.itemCount = itemCount;
        this.remaining = new AtomicInteger(chunkCount);
        if (chunkCount == 0) {
            all.complete(List.of());
        }
    }

    @Override
    public synchronized int[] ints(int length) {
        if (length <= itemCount) {
            allocate(INTS, () -> new int[itemCount]);
        }
        return resultArray instanceof int[] ? (int[]) resultArray : null;
    }

    @Override
    public synchronized long[] longs(int length) {
        if (length <= itemCount) {
            allocate(LONGS, () -> new long[itemCount]);
        }
        return resultArray instanceof long[] ? (long[]) resultArray : null;
    }

    @Override
    public synchronized double[] doubles(int length) {
        if (length <= itemCount) {
            allocate(DOUBLES, () -> new double[itemCount]);
        }
        return resultArray instanceof double[] ? (double[]) resultArray : null;
    }

    /**
     * Makes the array of the kind the first primitive results asked for. A large one is made
     * on a thread of its own: a fresh JVM's first map of 10M items took 45-130 ms to zero
     * (and fault in) a long[10M], during which the thread that asked, a feeder, neither read
     * results nor handed out chunks, and the workers ran dry. Chunks that arrive meanwhile
     * keep arrays of their own; the results list reads each chunk where it is.
     */
    private void allocate(byte kind, java.util.function.Supplier<Object> array) {
        if (resultKind != 0) {
            return;
        }
        resultKind = kind;
        if (itemCount < ALLOCATE_APART) {
            resultArray = array.get();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Object made = array.get();
                synchronized (this) {
                    resultArray = made;
                }
            } catch (OutOfMemoryError e) {
                LOG.debug("no room for the {} results of {} in one array; each chunk keeps its own", itemCount, name);
            }
        }, "ipc4j-pool-results");
        t.setDaemon(true);
        t.start();
    }

    String describe() {
        return name;
    }

    boolean isDone() {
        return all.isDone();
    }

    void succeeded(int chunk, Items items) {
        results[chunk] = items;
        chunks[chunk].complete(items);
        if (remaining.decrementAndGet() == 0) {
            all.complete(new ResultList(results));
        }
    }

    void failed(int chunk, Throwable error) {
        this.error = error;
        chunks[chunk].completeExceptionally(error);
        all.completeExceptionally(error);
    }

    /** A chunk not run because the job already failed: its future fails too, so no iterator waits on it. */
    void skip(int chunk) {
        Throwable e = error;
        chunks[chunk].completeExceptionally(e != null ? e : new IllegalStateException("the job was abandoned"));
    }

    /** Fails what has not finished, as when the pool is terminated. */
    void abandon(Throwable error) {
        this.error = error;
        for (CompletableFuture<Items> c : chunks) {
            c.completeExceptionally(error);
        }
        all.completeExceptionally(error);
    }

    /** The results of every chunk, read in place; items are boxed only when read. */
    private static final class ResultList extends AbstractList<Object> {
        private final Items[] chunks;
        private final int[] starts;
        private final int size;

        ResultList(Items[] chunks) {
            this.chunks = chunks;
            this.starts = new int[chunks.length];
            int n = 0;
            for (int i = 0; i < chunks.length; i++) {
                starts[i] = n;
                n += chunks[i].size();
            }
            this.size = n;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + size);
            }
            int lo = 0;
            int hi = chunks.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= index) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return chunks[lo].get(index - starts[lo]);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
