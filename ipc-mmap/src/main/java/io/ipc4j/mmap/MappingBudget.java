package io.ipc4j.mmap;

import io.ipc4j.internal.Lifetimes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * How much of one kind of mapping this process may hold before it looks for what was
 * dropped. Mappings (and the blocks in them) are released by the {@link Lifetimes#CLEANER}
 * once their handles are collected, and the collector may not run for a long time in a
 * quiet heap: so, before mapping beyond the budget, {@link #reclaim} asks for a
 * collection and gives the cleaner a moment, as the JDK does before it refuses a direct
 * buffer. The budget is then twice what is in use, so that this happens again only after
 * as much has been made and dropped again. Used by the shared objects ({@link SharedHeap})
 * and by the segments of shm pipes ({@link ShmSegment}).
 */
final class MappingBudget {
    /** The least budget: below it, nothing is looked for. */
    static final long MIN_BUDGET = 32L << 20;
    private static final long RECLAIM_WAIT_NANOS = 200_000_000;

    private final AtomicLong frees = new AtomicLong();
    private volatile long budget = MIN_BUDGET;

    /** Whether {@code mapped} bytes (what is mapped with what is about to be) stay within the budget. */
    boolean allows(long mapped) {
        return mapped <= budget;
    }

    /** Counts one release by the cleaner: {@link #reclaim} waits until they stop coming. */
    void released() {
        frees.incrementAndGet();
    }

    /**
     * Asks for a collection and waits (at most 200 ms) until the cleaner has run what it
     * found, then sets the budget to twice {@code inUse} (read afterwards: what is in use
     * with what is about to be mapped).
     */
    void reclaim(LongSupplier inUse) {
        CountDownLatch reached = new CountDownLatch(1);
        Lifetimes.CLEANER.register(new Object(), reached::countDown); // unreachable at once: a marker
        System.gc();
        long deadline = System.nanoTime() + RECLAIM_WAIT_NANOS;
        boolean interrupted = false;
        try {
            reached.await(RECLAIM_WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // The cleaner is at this collection's references; let it finish them.
        long seen = frees.get();
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 5) {
            LockSupport.parkNanos(2_000_000);
            long now = frees.get();
            quiet = now != seen ? 0 : quiet + 1;
            seen = now;
        }
        budget = Math.max(MIN_BUDGET, 2 * inUse.getAsLong());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
