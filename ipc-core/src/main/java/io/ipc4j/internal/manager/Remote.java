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
