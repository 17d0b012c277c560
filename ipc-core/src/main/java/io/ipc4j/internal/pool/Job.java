package io.ipc4j.internal.pool;

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
    /** The int[], long[] or double[] that holds the results of every chunk, once the first arrives. */
    private Object resultArray;

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
        if (resultArray == null && length <= itemCount) {
            resultArray = new int[itemCount];
        }
        return resultArray instanceof int[] ? (int[]) resultArray : null;
    }

    @Override
    public synchronized long[] longs(int length) {
        if (resultArray == null && length <= itemCount) {
            resultArray = new long[itemCount];
        }
        return resultArray instanceof long[] ? (long[]) resultArray : null;
    }

    @Override
    public synchronized double[] doubles(int length) {
        if (resultArray == null && length <= itemCount) {
            resultArray = new double[itemCount];
        }
        return resultArray instanceof double[] ? (double[]) resultArray : null;
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
