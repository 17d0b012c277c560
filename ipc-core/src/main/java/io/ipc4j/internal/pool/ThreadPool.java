package io.ipc4j.internal.pool;

import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.TaskFailedException;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link io.ipc4j.Pool} API over threads of this JVM (CPython's
 * {@code multiprocessing.pool.ThreadPool}): nothing is serialized, and a task's exception
 * reaches the caller as itself (checked ones wrapped in a {@link TaskFailedException}).
 */
public final class ThreadPool extends AbstractPool {
    private final int size;
    private final ExecutorService threads;
    private final List<Job> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The pool's threads, on which callbacks run too. */
    private final java.util.Set<Thread> own = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ThreadPool(int size, int chunkSize) {
        super(chunkSize);
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    own.remove(Thread.currentThread());
                }
            }, "ipc4j-thread-pool-" + n.incrementAndGet());
            t.setDaemon(true);
            own.add(t);
            return t;
        });
    }

    @Override
    boolean sendsToProcesses() {
        return false;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    void run(Job job, List<Chunk> chunks) {
        running.add(job);
        job.all.whenComplete((r, e) -> running.remove(job));
        try {
            for (Chunk c : chunks) {
                threads.execute(() -> {
                    if (job.isDone()) {
                        job.skip(c.index);
                        return;
                    }
                    try {
                        job.succeeded(c.index, Task.run(job.kind, job.fn, c.items));
                    } catch (RuntimeException e) {
                        job.failed(c.index, e);
                    } catch (Exception e) {
                        job.failed(c.index, new TaskFailedException(e.getClass().getName(), e.getMessage(), e));
                    } catch (Error e) {
                        job.failed(c.index, e);
                    }
                });
            }
        } catch (RejectedExecutionException e) {
            job.abandon(new IllegalStateException("the pool was terminated"));
        }
    }

    @Override
    public void close() {
        closed = true;
        while (submitting()) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        threads.shutdown();
        if (!own.contains(Thread.currentThread())) {
            join();
        }
    }

    @Override
    public void terminate() {
        closed = true;
        threads.shutdownNow();
        IllegalStateException why = new IllegalStateException("the pool was terminated");
        running.forEach(j -> j.abandon(why));
    }

    @Override
    public void join() {
        while (!join(Duration.ofSeconds(1))) {
            Thread.onSpinWait();
        }
    }

    @Override
    public boolean join(Duration timeout) {
        if (!closed) {
            throw new IllegalStateException("join() needs a closed or terminated pool");
        }
        if (own.contains(Thread.currentThread())) {
            throw new IllegalStateException("join() from a pool's callback would wait for itself");
        }
        try {
            return threads.awaitTermination(Timeouts.nanosOrZero(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while joining the pool");
        }
    }
}
