package io.ipc4j.internal.manager;

import java.util.concurrent.CompletableFuture;

/** Calls server objects directly, as a named caller, in this thread or a new one. */
final class Callers {
    private Callers() {
    }

    static <T> T as(long session, long thread, Caller.ThrowingSupplier<T, Exception> body) {
        try {
            return Caller.runAs(new Caller(null, session, thread), body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A thread that calls {@code body} as the caller (session, thread); its future has the result or the exception. */
    static <T> Started<T> start(long session, long thread, Caller.ThrowingSupplier<T, Exception> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(Caller.runAs(new Caller(null, session, thread), body));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return new Started<>(t, result);
    }

    /** A started caller thread and its outcome. */
    record Started<T>(Thread thread, CompletableFuture<T> result) {
    }

    /** Waits until {@code t} blocks (waiting or timed waiting). */
    static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(t + " never blocked: " + t.getState());
            }
            Thread.sleep(1);
        }
    }
}
