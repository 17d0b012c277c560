package io.ipc4j.internal.wire;

import java.util.function.Supplier;

/**
 * Runs a piece of work on a short-lived thread with a large stack, for object graphs nested
 * deeper than a caller's own stack may safely hold (Kryo recurses once per level).
 */
final class LargeStack {
    /** Reserved address space, not memory: the pages are touched only as deep as a graph goes. */
    static final long STACK_BYTES = 1L << 30;

    private LargeStack() {
    }

    /**
     * Runs {@code work} on its own thread and waits for it, even when interrupted (the
     * interrupt is kept for the caller), so the caller never sees a half-done result.
     * Whatever {@code work} throws is rethrown here.
     */
    static <T> T call(Supplier<T> work) {
        Object[] outcome = new Object[2];
        Thread thread = new Thread(null, () -> {
            try {
                outcome[0] = work.get();
            } catch (RuntimeException | Error e) {
                outcome[1] = e;
            }
        }, "ipc4j-deep-graph", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (outcome[1] instanceof RuntimeException) {
            throw (RuntimeException) outcome[1];
        }
        if (outcome[1] instanceof Error) {
            throw (Error) outcome[1];
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }
}
