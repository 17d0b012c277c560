package io.ipc4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The result of work submitted to a {@link Pool} without waiting (CPython's {@code AsyncResult}).
 */
public interface AsyncResult<R> {

    /** Waits for the result. Rethrows the task's exception (see {@link Pool}). */
    R get();

    /** Waits at most {@code timeout}. @throws IpcTimeoutException when the result is not ready by then */
    R get(Duration timeout);

    /** Whether the work has finished, successfully or not. */
    boolean ready();

    /** Whether the work finished without an exception. @throws IllegalStateException if not ready */
    boolean successful();

    /** Waits at most {@code timeout}. @return whether the work finished */
    boolean waitFor(Duration timeout);

    /** A {@link CompletableFuture} view, completed with the result or the task's exception. */
    CompletableFuture<R> toCompletableFuture();
}
