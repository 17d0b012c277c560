package io.ipc4j.internal.pool;

import io.ipc4j.Pool;
import io.ipc4j.ProcessStartException;
import io.ipc4j.SerializableRunnable;

/** The settings of a process pool, checked as they are given. */
public final class PoolBuilder implements Pool.Builder {
    private final PoolHost host;
    private int processes = Runtime.getRuntime().availableProcessors();
    private SerializableRunnable initializer;
    private int maxTasksPerChild;
    private int chunkSize;
    private int retries = 1;
    private boolean warm;

    public PoolBuilder(PoolHost host) {
        this.host = host;
    }

    @Override
    public Pool.Builder processes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a pool needs at least one process, not " + n);
        }
        processes = n;
        return this;
    }

    @Override
    public Pool.Builder initializer(SerializableRunnable initializer) {
        this.initializer = initializer;
        return this;
    }

    @Override
    public Pool.Builder maxTasksPerChild(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxTasksPerChild must be at least 1, not " + n);
        }
        maxTasksPerChild = n;
        return this;
    }

    @Override
    public Pool.Builder chunkSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, not " + n);
        }
        chunkSize = n;
        return this;
    }

    @Override
    public Pool.Builder retries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + n);
        }
        retries = n;
        return this;
    }

    @Override
    public Pool.Builder warm(boolean warm) {
        this.warm = warm;
        return this;
    }

    /**
     * @throws ProcessStartException if the workers could not load their bootstrap or the
     *         initializer's class from the class path they would get; nothing is started
     */
    @Override
    public Pool build() {
        host.workersCannotLoad(initializer == null ? PoolWorker.class : initializer.getClass()).ifPresent(why -> {
            throw new ProcessStartException("cannot start the pool's workers: " + why + "; no worker was started");
        });
        // Asked for before the workers start, so that the first of them may already take one
        AutoCloseable spares = warm ? host.keepSpares(processes) : () -> { };
        return new ProcessPool(host, processes, new PoolWorker.Settings(initializer, maxTasksPerChild, null), chunkSize,
                retries, spares);
    }
}
