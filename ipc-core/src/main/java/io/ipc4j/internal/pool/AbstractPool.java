package io.ipc4j.internal.pool;

import io.ipc4j.AsyncResult;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.Pool;
import io.ipc4j.SerializableBiFunction;
import io.ipc4j.SerializableCallable;
import io.ipc4j.SerializableFunction;
import io.ipc4j.internal.wire.ObjectCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The user-facing half of a pool, shared by the process and thread pools: it checks the
 * call, cuts the input into chunks (serializing objects in the caller's thread, so that what
 * cannot be sent fails there; see {@link #cut}), and turns the job's futures into what each
 * call returns. Subclasses only run chunks.
 */
abstract class AbstractPool implements Pool {
    private static final int PIPELINE_ITEMS = 64 * 1024;
    private static final int MAX_AUTO_CHUNK = 64 * 1024;

    private final AtomicLong jobIds = new AtomicLong();
    /** Calls still handing out the chunks of a new job: a closed pool runs them before it ends. */
    private final java.util.concurrent.atomic.AtomicInteger submitting = new java.util.concurrent.atomic.AtomicInteger();
    private final int defaultChunkSize;
    protected volatile boolean closed;

    AbstractPool(int defaultChunkSize) {
        this.defaultChunkSize = defaultChunkSize;
    }

    /** Whether chunks and functions must be serialized (a process pool) or may be shared (threads). */
    abstract boolean sendsToProcesses();

    /** Checks, in the caller's thread, that the workers can run {@code fn}. */
    void checkRunnable(Object fn) {
    }

    /** Hands the chunks of a new job to the workers. */
    abstract void run(Job job, List<Chunk> chunks);

    /** Whether a call is still handing out the chunks of a job it started before the pool closed. */
    final boolean submitting() {
        return submitting.get() > 0;
    }

    /** Called when the last call handing out chunks is done, so that a closed pool may finish. */
    void submissionsDone() {
    }

    // ---- building jobs

    private Job start(byte kind, Object fn, List<?> items, int chunkSize, String name) {
        Objects.requireNonNull(fn, "function");
        refuseIfClosed();
        // Counted before closed is read again, and close() sets closed before the workers
        // look at the count: either this call sees the pool closed, or the pool waits for it.
        submitting.incrementAndGet();
        try {
            refuseIfClosed();
            return submit(kind, fn, items, chunkSize, name);
        } finally {
            if (submitting.decrementAndGet() == 0) {
                submissionsDone();
            }
        }
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new IllegalStateException("the pool is closed: it takes no new work");
        }
    }

    private Job submit(byte kind, Object fn, List<?> items, int chunkSize, String name) {
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        int n = items.size();
        int size = chunkSize > 0 ? chunkSize : defaultChunkSize > 0 ? defaultChunkSize : autoChunkSize(n);
        int count = n == 0 ? 0 : (n + size - 1) / size;
        checkRunnable(fn);
        byte[] fnBytes = sendsToProcesses() ? ObjectCodec.toBytes(fn) : null;
        Job job = new Job(jobIds.incrementAndGet(), kind, fn, fnBytes, name, count, n);
        // Chunks go to the workers as they are cut, so that the first ones run while the rest are cut.
        List<Chunk> batch = new ArrayList<>();
        int batchItems = 0;
        for (int i = 0; i < count; i++) {
            int from = i * size;
            int to = Math.min(n, from + size);
            batch.add(new Chunk(job, i, from, cut(items, from, to)));
            batchItems += to - from;
            if (batchItems >= PIPELINE_ITEMS || i == count - 1) {
                run(job, batch);
                batch = new ArrayList<>();
                batchItems = 0;
            }
        }
        return job;
    }

    /**
     * One chunk's items. Numbers stay in the caller's list until a worker is handed them
     * (CPython's pool also reads its input as it goes); other objects are serialized now,
     * in the caller's thread, so that one that cannot be fails the call that passed it.
     */
    private Items cut(List<?> items, int from, int to) {
        Object first = items.get(from);
        if (!sendsToProcesses() || first instanceof Integer || first instanceof Long || first instanceof Double) {
            return Items.slice(items, from, to);
        }
        Items copied = Items.of(items, from, to);
        copied.prepareToSend();
        return copied;
    }

    /**
     * CPython's choice, about four chunks per worker, but at most {@link #MAX_AUTO_CHUNK}
     * items, so that workers start on the first chunks while later ones are still cut and sent.
     */
    private int autoChunkSize(int n) {
        int per = size() * 4;
        return Math.max(1, Math.min(MAX_AUTO_CHUNK, n / per + (n % per == 0 ? 0 : 1)));
    }

    private static List<?> listOf(Iterable<?> items) {
        Objects.requireNonNull(items, "items");
        if (items instanceof List && items instanceof java.util.RandomAccess) {
            return (List<?>) items;
        }
        List<Object> list = items instanceof Collection ? new ArrayList<>(((Collection<?>) items).size())
                : new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static List<Object[]> pairsOf(Iterable<? extends Map.Entry<?, ?>> pairs) {
        List<Object[]> list = new ArrayList<>();
        for (Map.Entry<?, ?> e : pairs) {
            list.add(new Object[] {e.getKey(), e.getValue()});
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static <R> CompletableFuture<List<R>> results(Job job) {
        return cancelling(job, (CompletableFuture<List<R>>) (CompletableFuture<?>)
                job.all.thenApply(Collections::unmodifiableList));
    }

    @SuppressWarnings("unchecked")
    private static <R> CompletableFuture<R> single(Job job) {
        return cancelling(job, job.all.thenApply(list -> (R) list.get(0)));
    }

    /**
     * Cancelling the future a caller holds cancels its job: chunks no worker has begun are
     * skipped; one already running finishes, its result dropped.
     */
    private static <T> CompletableFuture<T> cancelling(Job job, CompletableFuture<T> result) {
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                job.abandon(new CancellationException("the task was cancelled"));
            }
        });
        return result;
    }

    private static <T> AsyncResult<T> withCallbacks(CompletableFuture<T> f, Consumer<? super T> callback,
                                                    Consumer<? super Throwable> errorCallback) {
        CompletableFuture<T> after = cancelling(f, f.whenComplete((r, e) -> {
            if (e == null) {
                if (callback != null) {
                    callback.accept(r);
                }
            } else if (errorCallback != null) {
                errorCallback.accept(PoolAsyncResult.unwrap(new java.util.concurrent.CompletionException(
                        e instanceof java.util.concurrent.CompletionException ? e.getCause() : e)));
            }
        }));
        return new PoolAsyncResult<>(after);
    }

    private static <T> CompletableFuture<T> cancelling(CompletableFuture<?> source, CompletableFuture<T> result) {
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                source.cancel(false);
            }
        });
        return result;
    }

    // ---- the API

    @Override
    public <A, R> List<R> map(SerializableFunction<A, R> fn, Iterable<? extends A> items) {
        return map(fn, items, 0);
    }

    @Override
    public <A, R> List<R> map(SerializableFunction<A, R> fn, Iterable<? extends A> items, int chunkSize) {
        return new PoolAsyncResult<>(AbstractPool.<R>results(start(Task.APPLY, fn, listOf(items), chunkSize,
                "map"))).get();
    }

    @Override
    public <A, R> AsyncResult<List<R>> mapAsync(SerializableFunction<A, R> fn, Iterable<? extends A> items) {
        return mapAsync(fn, items, null, null);
    }

    @Override
    public <A, R> AsyncResult<List<R>> mapAsync(SerializableFunction<A, R> fn, Iterable<? extends A> items,
                                                Consumer<? super List<R>> callback,
                                                Consumer<? super Throwable> errorCallback) {
        return withCallbacks(results(start(Task.APPLY, fn, listOf(items), 0, "mapAsync")), callback,
                errorCallback);
    }

    @Override
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> fn, Iterable<? extends A> items) {
        Job job = start(Task.APPLY, fn, listOf(items), defaultChunkSize > 0 ? defaultChunkSize : 1, "imap");
        return new Iterator<>() {
            private int chunk;
            private Items current;
            private int next;

            @Override
            public boolean hasNext() {
                while (current == null || next == current.size()) {
                    if (chunk == job.chunks.length) {
                        return false;
                    }
                    current = new PoolAsyncResult<>(job.chunks[chunk++]).get();
                    next = 0;
                }
                return true;
            }

            @Override
            @SuppressWarnings("unchecked")
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return (R) current.get(next++);
            }
        };
    }

    @Override
    public <A, R> Iterator<R> imapUnordered(SerializableFunction<A, R> fn, Iterable<? extends A> items) {
        List<?> list = listOf(items);
        Job job = start(Task.APPLY, fn, list, defaultChunkSize > 0 ? defaultChunkSize : 1, "imapUnordered");
        BlockingQueue<CompletableFuture<Items>> done = new LinkedBlockingQueue<>();
        for (CompletableFuture<Items> c : job.chunks) {
            c.whenComplete((r, e) -> done.add(c));
        }
        return new Iterator<>() {
            private int chunksLeft = job.chunks.length;
            private Items current;
            private int next;

            @Override
            public boolean hasNext() {
                while (current == null || next == current.size()) {
                    if (chunksLeft == 0) {
                        return false;
                    }
                    CompletableFuture<Items> finished;
                    try {
                        finished = done.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IpcInterruptedException("interrupted in imapUnordered");
                    }
                    chunksLeft--;
                    current = null;
                    current = new PoolAsyncResult<>(finished).get();
                    next = 0;
                }
                return true;
            }

            @Override
            @SuppressWarnings("unchecked")
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return (R) current.get(next++);
            }
        };
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Map.Entry<A, B>> pairs) {
        return starmapAsync(fn, pairs).get();
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
                                                       Iterable<? extends Map.Entry<A, B>> pairs) {
        return starmapAsync(fn, pairs, null, null);
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
                                                       Iterable<? extends Map.Entry<A, B>> pairs,
                                                       Consumer<? super List<R>> callback,
                                                       Consumer<? super Throwable> errorCallback) {
        return withCallbacks(results(start(Task.PAIR, fn, pairsOf(pairs), 0, "starmap")), callback,
                errorCallback);
    }

    @Override
    public <A, R> R apply(SerializableFunction<A, R> fn, A arg) {
        return applyAsync(fn, arg).get();
    }

    @Override
    public <R> R apply(SerializableCallable<R> task) {
        return applyAsync(task).get();
    }

    @Override
    public <A, R> AsyncResult<R> applyAsync(SerializableFunction<A, R> fn, A arg) {
        return applyAsync(fn, arg, null, null);
    }

    @Override
    public <A, R> AsyncResult<R> applyAsync(SerializableFunction<A, R> fn, A arg, Consumer<? super R> callback,
                                            Consumer<? super Throwable> errorCallback) {
        return withCallbacks(single(start(Task.APPLY, fn, Collections.singletonList(arg), 1, "apply")), callback,
                errorCallback);
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return new PoolAsyncResult<>(single(start(Task.CALL, task, Collections.singletonList(null), 1, "apply")));
    }

    @Override
    public ExecutorService asExecutorService() {
        return new PoolExecutorService(this, sendsToProcesses());
    }
}
