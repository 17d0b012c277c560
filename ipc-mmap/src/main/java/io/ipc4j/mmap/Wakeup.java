package io.ipc4j.mmap;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The parking side of one shared object: a word counting the threads parked on it, in
 * any process, and its context's {@link Doorbell}. A waiter counts itself in with a full
 * fence before it looks at the object a last time and parks; whoever changes the object
 * with a full fence and then sees the count non-zero rings. That ordering is what makes
 * a ring never missed; for objects changed without a full fence (a lock's release) a
 * ring may be missed, and the waiter's timed park bounds the delay.
 */
final class Wakeup {
    private final Doorbell bell;
    private final ByteBuffer b;
    private final int parkedAt;

    Wakeup(Doorbell bell, ByteBuffer b, int parkedAt) {
        this.bell = bell;
        this.b = b;
        this.parkedAt = parkedAt;
    }

    /** Whether rings reach this process; if not, waiters must park briefly. */
    boolean listening() {
        return bell.listen();
    }

    /** Parks for at most {@code nanos} unless {@code ready} holds once this thread is counted in. */
    void park(long nanos, BooleanSupplier ready) {
        bell.countParked(1);
        Mem.LONG.getAndAdd(b, parkedAt, 1L);
        try {
            bell.park(nanos, ready);
        } finally {
            Mem.LONG.getAndAdd(b, parkedAt, -1L);
            bell.countParked(-1);
        }
    }

    /** Rings if any thread is parked on this object. */
    void ring() {
        if ((long) Mem.LONG.getVolatile(b, parkedAt) != 0) {
            bell.ring();
        }
    }
}
