package io.ipc4j.internal.pool;

import io.ipc4j.AsyncResult;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An {@link AsyncResult} over a {@link CompletableFuture}, rethrowing the task's own exception. */
final class PoolAsyncResult<R> implements AsyncResult<R> {
    private final CompletableFuture<R> future;

    PoolAsyncResult(CompletableFuture<R> future) {
        this.future = future;
    }

    @Override
    public R get() {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for a pool result");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw unwrap(e);
        }
    }

    @Override
    public R get(Duration timeout) {
        try {
            return future.get(Timeouts.nanosOrZero(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IpcTimeoutException("the pool result was not ready within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for a pool result");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw unwrap(e);
        }
    }

    static RuntimeException unwrap(Exception e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        if (c instanceof RuntimeException) {
            return (RuntimeException) c;
        }
        if (c instanceof Error) {
            throw (Error) c;
        }
        return new IpcException(c.toString(), c);
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready");
        }
        return !future.isCompletedExceptionally();
    }

    @Override
    public boolean waitFor(Duration timeout) {
        try {
            future.get(Timeouts.nanosOrZero(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for a pool result");
        } catch (ExecutionException | CancellationException e) {
            return true;
        }
        return true;
    }

    @Override
    public CompletableFuture<R> toCompletableFuture() {
        return future;
    }
}
