package io.ipc4j.netty;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a listener's connections that are still authenticating, up to a limit, so that
 * peers without the key cannot hold more than that many of its file descriptors.
 */
final class HandshakeSlots {
    private final AtomicInteger taken = new AtomicInteger();
    private final int limit;

    HandshakeSlots(int limit) {
        this.limit = limit;
    }

    /**
     * Takes a slot for one connection.
     *
     * @return what gives the slot back (only the first run counts), or null when all are taken
     */
    Runnable take() {
        int n;
        do {
            n = taken.get();
            if (n >= limit) {
                return null;
            }
        } while (!taken.compareAndSet(n, n + 1));
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                taken.decrementAndGet();
            }
        };
    }

    /** Why a connection was closed at once. */
    String refusal() {
        return limit + " connections are already authenticating (setting ipc4j.maxPendingHandshakes); "
                + "closed a new one at once";
    }
}
