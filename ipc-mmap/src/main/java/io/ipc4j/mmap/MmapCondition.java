package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.Condition;
import io.ipc4j.Held;
import io.ipc4j.IpcException;
import io.ipc4j.Lock;
import io.ipc4j.internal.Timeouts;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link Condition}: a table of waiter slots (process, arrival number, state), changed
 * only under the condition's lock. A waiter takes a slot, releases the lock and polls
 * its slot until a signal marks it; a signal marks the earliest waiting slots, skipping
 * those of dead processes.
 */
@DefaultSerializer(HandleSerializer.class)
final class MmapCondition extends MappedHandle implements Condition {
    static final int SLOTS = 64;
    static final int SIZE = 64 + SLOTS * 32;
    private static final int ARRIVALS = 0;
    private static final int PARKED = 8;
    private static final int TABLE = 64;
    private static final long FREE = 0;
    private static final long WAITING = 1;
    private static final long SIGNALED = 2;

    private final AbstractSharedLock lock;

    MmapCondition(String path, int offset, Lock lock) {
        super(path, offset);
        if (!(lock instanceof AbstractSharedLock shared)) {
            throw new IllegalArgumentException("a condition needs a Lock or RLock made by an ipc4j context, not " + lock);
        }
        this.lock = shared;
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public Held acquire() {
        return lock.acquire();
    }

    @Override
    public void release() {
        lock.release();
    }

    @Override
    public void await() {
        await(-1);
    }

    @Override
    public boolean await(Duration timeout) {
        return await(Timeouts.nanos(timeout));
    }

    private boolean await(long timeoutNanos) {
        if (!lock.heldForSignal()) {
            throw new IllegalMonitorStateException("await on a condition whose lock is not held");
        }
        ByteBuffer b = buf();
        int slot = claimSlot(b);
        int saved = lock.releaseFully();
        RuntimeException interrupted = null;
        try {
            Backoff backoff = Backoff.untilRung(timeoutNanos, wakeup(offset + PARKED),
                    () -> (long) Mem.LONG.getAcquire(b, slot + 16) == SIGNALED);
            while ((long) Mem.LONG.getAcquire(b, slot + 16) != SIGNALED && backoff.pause()) {
                // polling the slot
            }
        } catch (Backoff.Interrupted e) {
            interrupted = e;
        }
        lock.reacquire(saved);
        boolean signaled = (long) Mem.LONG.getVolatile(b, slot + 16) == SIGNALED;
        Mem.LONG.setVolatile(b, slot + 16, FREE);
        Mem.LONG.setVolatile(b, slot, 0L);
        if (interrupted != null && !signaled) {
            throw interrupted;
        }
        if (interrupted != null) {
            // The signal came too: it is this waiter's, or it would be lost to every other.
            // Return as woken, and leave the interrupt for the caller to see, as
            // java.util.concurrent's conditions may.
            Thread.currentThread().interrupt();
        }
        return signaled;
    }

    private int claimSlot(ByteBuffer b) {
        long arrival = (long) Mem.LONG.getAndAdd(b, offset + ARRIVALS, 1L) + 1;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                int slot = offset + TABLE + i * 32;
                long state = (long) Mem.LONG.getVolatile(b, slot + 16);
                boolean usable = state == FREE
                        || pass == 1 && !ProcessToken.isAlive((long) Mem.LONG.getVolatile(b, slot));
                if (usable) {
                    Mem.LONG.setVolatile(b, slot, ProcessToken.SELF);
                    Mem.LONG.setVolatile(b, slot + 8, arrival);
                    Mem.LONG.setVolatile(b, slot + 16, WAITING);
                    return slot;
                }
            }
        }
        throw new IpcException("more than " + SLOTS + " waiters on condition " + segmentName());
    }

    @Override
    public void signal(int n) {
        if (!lock.heldForSignal()) {
            throw new IllegalMonitorStateException("signal on a condition whose lock is not held");
        }
        ByteBuffer b = buf();
        int woken = 0;
        while (woken < n) {
            int earliest = earliestWaiter(b);
            if (earliest < 0) {
                break;
            }
            Mem.LONG.setVolatile(b, earliest + 16, SIGNALED);
            woken++;
        }
        if (woken > 0) {
            wakeup(offset + PARKED).ring();
        }
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** The waiting slot that arrived first, freeing the slots of dead waiters on the way; -1 if none. */
    private int earliestWaiter(ByteBuffer b) {
        int best = -1;
        long bestArrival = Long.MAX_VALUE;
        for (int i = 0; i < SLOTS; i++) {
            int slot = offset + TABLE + i * 32;
            if ((long) Mem.LONG.getVolatile(b, slot + 16) != WAITING) {
                continue;
            }
            long arrival = (long) Mem.LONG.getVolatile(b, slot + 8);
            if (arrival < bestArrival) {
                long token = (long) Mem.LONG.getVolatile(b, slot);
                if (token != ProcessToken.SELF && !ProcessToken.isAlive(token)) {
                    Mem.LONG.setVolatile(b, slot + 16, FREE);
                    continue;
                }
                best = slot;
                bestArrival = arrival;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "Condition[" + segmentName() + " over " + lock + "]";
    }
}
