package io.ipc4j.internal.pool;

import io.ipc4j.ChildProcess;
import io.ipc4j.SharedMemory;
import io.ipc4j.internal.pipe.PipeEnd;

import java.util.Optional;

/** What a process pool needs from the context that makes it. */
public interface PoolHost {

    /** The two ends of a new duplex pipe: the first stays with the pool, the second goes to a worker. */
    PipeEnd[] pipe();

    /** Starts a daemon worker process named {@code name} that runs {@link PoolWorker#run} over {@code end}. */
    ChildProcess startWorker(String name, PipeEnd end, PoolWorker.Settings settings);

    /**
     * Waits (briefly) until this JVM has printed what {@code worker} had written to its
     * standard output ({@code out} bytes) and error ({@code err} bytes) when it answered.
     */
    void awaitOutput(ChildProcess worker, long out, long err);

    /**
     * Why a worker could not load its bootstrap or {@code c} (a function, an initializer)
     * from the class path workers get; empty when it could.
     */
    Optional<String> workersCannotLoad(Class<?> c);

    /** Keeps {@code n} more spare child JVMs ready until the handle is closed. */
    AutoCloseable keepSpares(int n);

    /** A named block of shared memory. @throws RuntimeException when the context has none */
    SharedMemory sharedMemory(String name, int size);
}
