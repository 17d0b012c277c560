package io.ipc4j.internal.pool;

import io.ipc4j.Pool;
import io.ipc4j.SerializableCallable;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A pool seen as an {@link java.util.concurrent.ExecutorService}. Shutting it down closes
 * the pool (in the background: {@code shutdown()} does not wait); {@code shutdownNow()}
 * terminates it.
 */
final class PoolExecutorService extends AbstractExecutorService {
    private final Pool pool;
    private final boolean needsSerializable;
    private volatile boolean shutdown;
    private volatile Thread closer;

    PoolExecutorService(Pool pool, boolean needsSerializable) {
        this.pool = pool;
        this.needsSerializable = needsSerializable;
    }

    private void accept(Object task) {
        if (shutdown) {
            throw new RejectedExecutionException("the executor is shut down");
        }
        if (needsSerializable && !(task instanceof Serializable)) {
            throw new RejectedExecutionException("a process pool runs only serializable tasks; "
                    + task.getClass().getName() + " is not (cast the lambda to (Callable<T> & Serializable))");
        }
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        accept(task);
        SerializableCallable<T> call = task instanceof SerializableCallable ? (SerializableCallable<T>) task
                : forward(task);
        try {
            return pool.applyAsync(call).toCompletableFuture();
        } catch (IllegalStateException closed) {
            throw new RejectedExecutionException(closed.getMessage(), closed);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> SerializableCallable<T> forward(Callable<T> task) {
        Object captured = task;
        return () -> ((Callable<T>) captured).call();
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        accept(task);
        Object captured = task;
        return submit((SerializableCallable<T>) () -> {
            ((Runnable) captured).run();
            return result;
        });
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    // The inherited bulk methods wrap tasks in FutureTasks, which cannot travel: submit each instead.
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException failedTaskStillDone) {
                // the future reports it
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException failedTaskStillDone) {
                // the future reports it
            } catch (TimeoutException late) {
                futures.forEach(x -> x.cancel(false));
                break;
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException never) {
            throw new ExecutionException(never);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        List<CompletableFuture<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> t : tasks) {
                futures.add((CompletableFuture<T>) submit(t));
            }
            return firstSuccess(futures, timeout, unit);
        } finally {
            // The tasks not needed any more: those no worker has begun never run.
            futures.forEach(f -> f.cancel(true));
        }
    }

    private static <T> T firstSuccess(List<CompletableFuture<T>> futures, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<T> first = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (CompletableFuture<T> f : futures) {
            f.whenComplete((v, e) -> {
                if (e == null) {
                    first.complete(v);
                } else if (failures.incrementAndGet() == futures.size()) {
                    first.completeExceptionally(e);
                }
            });
        }
        return first.get(timeout, unit);
    }

    @Override
    public void shutdown() {
        if (!shutdown) {
            shutdown = true;
            Thread t = new Thread(pool::close, "ipc4j-pool-shutdown");
            t.setDaemon(true);
            closer = t;
            t.start();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        pool.terminate();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        Thread t = closer;
        return shutdown && (t == null || !t.isAlive());
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t = closer;
        if (t != null) {
            t.join(Math.max(1, unit.toMillis(timeout)));
            return !t.isAlive();
        }
        return shutdown && pool.join(Duration.ofNanos(unit.toNanos(timeout)));
    }
}
