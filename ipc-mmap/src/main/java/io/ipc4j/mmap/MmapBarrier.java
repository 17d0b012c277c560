package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.Barrier;
import io.ipc4j.BarrierBrokenException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.Timeouts;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@link Barrier}. Under an internal {@link LockWord}: the arrivals of the current
 * pass, its generation number, the broken flag, and the processes waiting. A pass ends
 * when the generation moves on; waiters poll it, and every few milliseconds check that
 * the parties waiting with them are alive, breaking the barrier if one is not.
 *
 * <p>The action runs under the mutex, which is not reentrant; {@link #abort()} and
 * {@link #reset()} called from the action, in its thread, change the state without taking
 * it again. As with {@link java.util.concurrent.CyclicBarrier}, a reset from the action
 * breaks the other parties of the pass while the last arriver returns; an abort breaks
 * the whole pass, the last arriver included, and the barrier stays broken until reset.
 */
@DefaultSerializer(HandleSerializer.class)
final class MmapBarrier extends MappedHandle implements Barrier {
    private static final int MUTEX = 0;
    private static final int COUNT = 8;
    private static final int GENERATION = 16;
    private static final int BROKEN = 24;
    private static final int RESET_GENERATION = 32;
    private static final int PARKED = 48;
    private static final int WAITERS = 64;

    /** The barriers (path and offset) whose action this thread is running, holding their mutex. */
    private static final ThreadLocal<Set<String>> IN_ACTION = ThreadLocal.withInitial(HashSet::new);

    private final int parties;
    private final SerializableRunnable action;

    MmapBarrier(String path, int offset, int parties, SerializableRunnable action) {
        super(path, offset);
        this.parties = parties;
        this.action = action;
    }

    static int size(int parties) {
        return WAITERS + parties * 8;
    }

    private long get(ByteBuffer b, int field) {
        return (long) Mem.LONG.getVolatile(b, offset + field);
    }

    private void put(ByteBuffer b, int field, long v) {
        Mem.LONG.setVolatile(b, offset + field, v);
    }

    private void lockMutex(ByteBuffer b) {
        LockWord.acquire(b, offset + MUTEX, ProcessToken.SELF, -1, false);
    }

    private void unlockMutex(ByteBuffer b) {
        LockWord.release(b, offset + MUTEX);
    }

    /** Unlocks after a change waiters must see (a pass, a break, a reset), and wakes them. */
    private void unlockAndRing(ByteBuffer b) {
        unlockMutex(b);
        wakeup(offset + PARKED).ring();
    }

    @Override
    public int await() {
        return await(-1, null);
    }

    @Override
    public int await(Duration timeout) {
        return await(Timeouts.nanos(timeout), timeout);
    }

    private String key() {
        return path + "@" + offset;
    }

    /** Whether this thread runs this barrier's action, and so holds its mutex. */
    private boolean inOwnAction() {
        return IN_ACTION.get().contains(key());
    }

    private int await(long timeoutNanos, Duration timeout) {
        if (inOwnAction()) {
            throw new IllegalStateException("the action of barrier " + segmentName()
                    + " cannot await that barrier: its pass is not over until the action returns");
        }
        ByteBuffer b = buf();
        int index;
        long generation;
        lockMutex(b);
        try {
            if (get(b, BROKEN) != 0) {
                throw broken("it is broken");
            }
            generation = get(b, GENERATION);
            index = (int) get(b, COUNT);
            put(b, COUNT, index + 1);
            Mem.LONG.setVolatile(b, offset + WAITERS + index * 8, ProcessToken.SELF);
            if (index + 1 == parties) {
                runAction(b);
                if (get(b, BROKEN) != 0) {
                    throw broken("its action aborted it");
                }
                if (get(b, GENERATION) == generation) {
                    put(b, COUNT, 0);
                    put(b, GENERATION, generation + 1);
                }
                // else the action reset the barrier: the others were told, the next pass starts afresh
                return index;
            }
        } finally {
            unlockAndRing(b);
        }
        return waitForPass(b, generation, index, timeoutNanos, timeout);
    }

    private void runAction(ByteBuffer b) {
        if (action == null) {
            return;
        }
        Set<String> running = IN_ACTION.get();
        running.add(key());
        try {
            action.run();
        } catch (Exception | Error e) {
            put(b, BROKEN, 1);
            BarrierBrokenException broken = broken("its action threw " + e);
            broken.initCause(e);
            throw broken;
        } finally {
            running.remove(key());
        }
    }

    private int waitForPass(ByteBuffer b, long generation, int index, long timeoutNanos, Duration timeout) {
        Backoff backoff = new Backoff(timeoutNanos, true, wakeup(offset + PARKED),
                () -> get(b, GENERATION) != generation || get(b, BROKEN) != 0);
        while (true) {
            if ((long) Mem.LONG.getAcquire(b, offset + GENERATION) != generation) {
                if (get(b, RESET_GENERATION) == generation + 1) {
                    throw broken("it was reset");
                }
                return index;
            }
            if (get(b, BROKEN) != 0) {
                throw broken("it is broken");
            }
            if (backoff.livenessDue() && breakIfAWaiterDied(b, generation)) {
                throw broken("a waiting process died");
            }
            boolean more;
            try {
                more = backoff.pause();
            } catch (Backoff.Interrupted interrupted) {
                // As CyclicBarrier: an interrupted party breaks the barrier for everyone, unless
                // the pass completed meanwhile (then it returns, its interrupt status set).
                if (breakOnTimeout(b, generation)) {
                    throw interrupted;
                }
                continue;
            }
            if (!more) {
                if (breakOnTimeout(b, generation)) {
                    throw broken("a wait timed out after " + timeout);
                }
            }
        }
    }

    private boolean breakIfAWaiterDied(ByteBuffer b, long generation) {
        lockMutex(b);
        try {
            if (get(b, GENERATION) != generation) {
                return false;
            }
            int count = (int) get(b, COUNT);
            for (int i = 0; i < count; i++) {
                long token = (long) Mem.LONG.getVolatile(b, offset + WAITERS + i * 8);
                if (token != ProcessToken.SELF && !ProcessToken.isAlive(token)) {
                    put(b, BROKEN, 1);
                    return true;
                }
            }
            return false;
        } finally {
            unlockAndRing(b);
        }
    }

    /** Breaks the barrier unless the pass completed meanwhile; true if it is broken now. */
    private boolean breakOnTimeout(ByteBuffer b, long generation) {
        lockMutex(b);
        try {
            if (get(b, GENERATION) != generation) {
                return false;
            }
            put(b, BROKEN, 1);
            return true;
        } finally {
            unlockAndRing(b);
        }
    }

    private BarrierBrokenException broken(String why) {
        return new BarrierBrokenException("barrier " + segmentName() + " is broken: " + why);
    }

    @Override
    public void abort() {
        ByteBuffer b = buf();
        if (inOwnAction()) {
            put(b, BROKEN, 1);
            return; // the waiters are rung when the arriving party unlocks
        }
        lockMutex(b);
        try {
            put(b, BROKEN, 1);
        } finally {
            unlockAndRing(b);
        }
    }

    @Override
    public void reset() {
        ByteBuffer b = buf();
        if (inOwnAction()) {
            resetUnderMutex(b);
            return; // the waiters are rung when the arriving party unlocks
        }
        lockMutex(b);
        try {
            resetUnderMutex(b);
        } finally {
            unlockAndRing(b);
        }
    }

    private void resetUnderMutex(ByteBuffer b) {
        long generation = get(b, GENERATION);
        if (get(b, COUNT) > 0) {
            put(b, RESET_GENERATION, generation + 1);
        }
        put(b, COUNT, 0);
        put(b, BROKEN, 0);
        put(b, GENERATION, generation + 1);
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int waiting() {
        ByteBuffer b = buf();
        return get(b, BROKEN) != 0 ? 0 : (int) get(b, COUNT);
    }

    @Override
    public boolean isBroken() {
        return get(buf(), BROKEN) != 0;
    }

    @Override
    public String toString() {
        return "Barrier[" + segmentName() + ", parties=" + parties + (isBroken() ? ", broken" : "") + "]";
    }
}
