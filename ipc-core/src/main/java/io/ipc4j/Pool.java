package io.ipc4j;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A pool of worker processes (CPython's {@code multiprocessing.Pool}), or of threads for
 * {@link Context#threadPool(int)}. Work is split into chunks that workers take as they
 * become free; results come back in the order of the input for {@code map} and {@code imap}.
 *
 * <p>An exception in a task reaches the caller: an unchecked exception as its own type with
 * its message, a checked one as a {@link TaskFailedException}; either way the worker's stack
 * trace is attached as a {@link RemoteTraceback} cause. The pool stays usable. If a worker
 * process dies, its chunk runs again on another worker (at most {@code retries} more times),
 * else the caller gets a {@link WorkerLostException} naming the task; a replacement worker is
 * started either way. Nothing hangs. A function whose class is not on the class path the
 * workers were started with fails the call that gave it with a {@link SerializationException}
 * naming the class and the class path.
 *
 * <p>{@link #close()} (also from try-with-resources) refuses new work, lets queued work
 * finish and waits for the workers to exit, so CPython's {@code pool.close(); pool.join()}
 * reads the same here; {@link #terminate()} stops at once.
 */
public interface Pool extends AutoCloseable {

    /** Applies {@code fn} to every item, in parallel; the results in input order. */
    <A, R> List<R> map(SerializableFunction<A, R> fn, Iterable<? extends A> items);

    /** Like {@link #map} with a chunk size of your choosing (items per message to a worker). */
    <A, R> List<R> map(SerializableFunction<A, R> fn, Iterable<? extends A> items, int chunkSize);

    /** {@link #map} without waiting. */
    <A, R> AsyncResult<List<R>> mapAsync(SerializableFunction<A, R> fn, Iterable<? extends A> items);

    /** {@link #map} without waiting, with callbacks run in the pool's thread when it ends. */
    <A, R> AsyncResult<List<R>> mapAsync(SerializableFunction<A, R> fn, Iterable<? extends A> items,
                                         Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback);

    /** Results in input order, as they come: each {@code next()} waits for its own result only. */
    <A, R> Iterator<R> imap(SerializableFunction<A, R> fn, Iterable<? extends A> items);

    /** Results in the order they finish. */
    <A, R> Iterator<R> imapUnordered(SerializableFunction<A, R> fn, Iterable<? extends A> items);

    /** Applies a two-argument function to each pair ({@code Map.entry(a, b)}), in input order. */
    <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> fn, Iterable<? extends Map.Entry<A, B>> pairs);

    /** {@link #starmap} without waiting. */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
                                                Iterable<? extends Map.Entry<A, B>> pairs);

    /** {@link #starmap} without waiting, with callbacks run in the pool's thread when it ends. */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<A, B, R> fn,
                                                Iterable<? extends Map.Entry<A, B>> pairs,
                                                Consumer<? super List<R>> callback,
                                                Consumer<? super Throwable> errorCallback);

    /** Runs {@code fn(arg)} in a worker and waits for the result. */
    <A, R> R apply(SerializableFunction<A, R> fn, A arg);

    /** Runs {@code task} in a worker and waits for the result. */
    <R> R apply(SerializableCallable<R> task);

    /** Runs {@code fn(arg)} in a worker without waiting. */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<A, R> fn, A arg);

    /** {@link #applyAsync(SerializableFunction, Object)} with callbacks run in the pool's thread. */
    <A, R> AsyncResult<R> applyAsync(SerializableFunction<A, R> fn, A arg, Consumer<? super R> callback,
                                     Consumer<? super Throwable> errorCallback);

    /** Runs {@code task} in a worker without waiting. */
    <R> AsyncResult<R> applyAsync(SerializableCallable<R> task);

    /** How many workers the pool keeps. */
    int size();

    /**
     * An {@link ExecutorService} view, for Java code that expects one. Tasks given to a
     * process pool must be serializable ({@code (Callable<T> & Serializable) () -> ...});
     * others are refused with a {@link java.util.concurrent.RejectedExecutionException}.
     * Shutting the view down closes the pool.
     */
    ExecutorService asExecutorService();

    /**
     * Waits until every worker has exited.
     *
     * @throws IllegalStateException if the pool was neither closed nor terminated
     */
    void join();

    /** Like {@link #join()}, waiting at most {@code timeout}. @return whether all workers exited */
    boolean join(Duration timeout);

    /** Stops every worker now; unfinished work fails with an {@link IllegalStateException}. */
    void terminate();

    /** Refuses new work, lets queued work finish, and waits for the workers to exit. */
    @Override
    void close();

    /** Settings of a pool, made by {@link Context#poolBuilder()}. */
    interface Builder {
        /** Worker count (default: {@link Context#cpuCount()}). @throws IllegalArgumentException if below 1 */
        Builder processes(int n);

        /** Runs once in each worker before its first task. */
        Builder initializer(SerializableRunnable initializer);

        /** Replaces each worker after this many chunks. @throws IllegalArgumentException if below 1 */
        Builder maxTasksPerChild(int n);

        /** Default items per chunk for map-like calls (default: about a quarter of the input per worker). */
        Builder chunkSize(int n);

        /** How many more times a chunk whose worker died is tried on another (default 1). */
        Builder retries(int n);

        /**
         * With {@code true}, the pool asks its context to keep as many more spare JVMs as it
         * has workers, from when it is built until it is closed, so that the workers it starts
         * later (replacing a worker after {@link #maxTasksPerChild}, or one that died) start
         * from a warm spare instead of a cold JVM; each costs a JVM's memory while the pool is
         * open. Default {@code false}: the pool still takes the spares the context has
         * ({@code ipc4j.child.spares}) for its workers, but asks for no more.
         */
        Builder warm(boolean warm);

        /**
         * Starts the pool.
         *
         * @throws ProcessStartException if the class path workers would get lacks ipc4j's own
         *         classes or the initializer's class; no worker is started then
         */
        Pool build();
    }
}
