package io.ipc4j.internal.manager;

import io.ipc4j.IpcInterruptedException;

/**
 * How adapters make a call that may wait in the server. The server leaves the object as
 * it was when such a call ends by interruption, so it can be reported, or retried.
 */
final class Remote {
    private Remote() {
    }

    /** A call that may wait in the server. */
    @FunctionalInterface
    interface Blocking<T> {
        T call() throws InterruptedException;
    }

    /** A call that waits at most {@code sliceNanos}; null when that ran out and it was not the {@code last} slice. */
    @FunctionalInterface
    interface Slice<T> {
        T call(long sliceNanos, boolean last) throws InterruptedException;
    }

    /**
     * Waits up to {@code timeoutNanos} (-1: no limit) in calls of at most
     * {@link ManagedApis#SLICE_NANOS} each, so that the server notices soon when this process
     * dies while it waits; returns the first answer, or the last slice's.
     */
    static <T> T sliced(long timeoutNanos, Slice<T> call, String what) {
        boolean forever = timeoutNanos < 0 || timeoutNanos >= Long.MAX_VALUE / 4;
        long deadline = forever ? 0 : System.nanoTime() + timeoutNanos;
        while (true) {
            long slice = ManagedApis.SLICE_NANOS;
            boolean last = false;
            if (!forever) {
                long left = Math.max(0, deadline - System.nanoTime());
                last = left <= slice;
                slice = Math.min(left, slice);
            }
            long thisSlice = slice;
            boolean isLast = last;
            T answer = interruptibly(() -> call.call(thisSlice, isLast), what);
            if (answer != null || last) {
                return answer;
            }
        }
    }

    /** Makes the call; an interrupt ends it with {@link IpcInterruptedException}, the interrupt status set. */
    static <T> T interruptibly(Blocking<T> call, String what) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while " + what);
        } catch (IpcInterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Makes the call until it completes, ignoring interrupts meanwhile and setting the status again after. */
    static <T> T uninterruptibly(Blocking<T> call) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return call.call();
                } catch (InterruptedException | IpcInterruptedException e) {
                    Thread.interrupted();
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
