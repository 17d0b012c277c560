package io.ipc4j.chronicle;

import net.openhft.chronicle.threads.TimingPauser;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How a producer waits for Chronicle's write lock while another process holds it. Chronicle's
 * default pauser lets the lock loop retry its compare-and-swap back to back for 500,000 rounds,
 * which keeps the lock's cache line away from the holder that must release it; this one spins
 * with a pause hint between tries, then yields, then parks briefly, and still times out so
 * that Chronicle can take the lock over from a dead holder.
 */
final class WriteLockPauser implements TimingPauser {
    private static final int SPINS = 200;
    private static final int YIELDS = 50;
    private static final long PARK_NANOS = 20_000;

    /**
     * Pauses of this kind of pauser in any thread of this process, counted loosely (two threads may
     * count one): the warm-up holds the write lock until a put pauses for it. Chronicle gives its
     * queues' pauser to their appenders and tailers too; another's pause meanwhile only ends a hold
     * before the put has paused.
     */
    private static final AtomicInteger PAUSES = new AtomicInteger();

    private int count;
    private long start = Long.MAX_VALUE;
    private long paused;

    @Override
    public void pause() {
        count++;
        PAUSES.lazySet(PAUSES.get() + 1);
        if (count < SPINS) {
            for (int i = 0; i < 8; i++) {
                Thread.onSpinWait();
            }
        } else if (count < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
        }
        paused++;
    }

    /** About how many times threads of this process paused with such a pauser. */
    static int pauses() {
        return PAUSES.get();
    }

    @Override
    public void pause(long timeout, TimeUnit unit) throws TimeoutException {
        long now = System.nanoTime();
        if (start == Long.MAX_VALUE) {
            start = now;
        } else if (now - start > unit.toNanos(timeout)) {
            throw new TimeoutException();
        }
        pause();
    }

    @Override
    public void reset() {
        count = 0;
        start = Long.MAX_VALUE;
    }

    @Override
    public void unpause() {
        // parks are short; nothing to wake
    }

    @Override
    public long timePaused() {
        return 0;
    }

    @Override
    public long countPaused() {
        return paused;
    }
}
