package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.Held;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.Semaphore;
import io.ipc4j.SemaphoreOverReleaseException;
import io.ipc4j.internal.Timeouts;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link Semaphore}. Its words are changed only under a small internal
 * {@link LockWord}: the free count, and a table of the processes holding permits. A
 * release is charged to the releasing process's own permits first, else to any holder's,
 * so the table counts permits out, not acquisitions. A waiter that starves looks every
 * few milliseconds for holders that died and takes their permits back. Permits taken
 * while the table is full (more than {@value #SLOTS} processes holding at once) are
 * counted but cannot be reclaimed.
 *
 * <p>Every change made under the mutex is committed through a redo journal in the
 * segment: the new values of up to three words are written first, then a head word that
 * names them, then the words themselves, then the head is cleared. Whoever takes the
 * mutex next (from a holder killed at any point) replays a head it finds, so a change is
 * either whole or absent, and no permit is lost or invented.
 */
@DefaultSerializer(HandleSerializer.class)
final class MmapSemaphore extends MappedHandle implements Semaphore {
    static final int SLOTS = 32;
    static final int SIZE = 64 + SLOTS * 16;
    private static final int MUTEX = 0;
    private static final int COUNT = 8;
    private static final int UNTRACKED = 16;
    private static final int PARKED = 24;
    /** Head of the journal: {@link #JOURNALED} and three 16-bit offsets from the start (0 = none). */
    private static final int JOURNAL = 32;
    /** The three new values the head names. */
    private static final int JOURNAL_VALUES = 40;
    private static final long JOURNALED = 1L << 63;
    private static final int NONE = -1;
    private static final int TABLE = 64;

    private final int initial;
    private final boolean bounded;
    private transient volatile boolean tookOver;
    private transient Held plain;
    private transient Held over;

    MmapSemaphore(String path, int offset, int initial, boolean bounded) {
        super(path, offset);
        this.initial = initial;
        this.bounded = bounded;
    }

    /** Writes the initial count into a new segment. */
    void init() {
        Mem.LONG.setVolatile(buf(), offset + COUNT, (long) initial);
    }

    @Override
    public Held acquire() {
        return held(doAcquire(-1));
    }

    @Override
    public Held acquire(Duration timeout) {
        int r = doAcquire(Timeouts.nanos(timeout));
        if (r == LockWord.TIMED_OUT) {
            throw new IpcTimeoutException("no permit of semaphore " + segmentName() + " within " + timeout);
        }
        return held(r);
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(Duration.ZERO);
    }

    @Override
    public boolean tryAcquire(Duration timeout) {
        int r = doAcquire(Timeouts.nanos(timeout));
        if (r == LockWord.TIMED_OUT) {
            return false;
        }
        held(r);
        return true;
    }

    private Held held(int r) {
        boolean took = r == LockWord.TOOK_OVER;
        if (tookOver != took) {
            tookOver = took;
        }
        if (took) {
            Held h = over;
            return h != null ? h : (over = new Permit(this, true));
        }
        Held h = plain;
        return h != null ? h : (plain = new Permit(this, false));
    }

    private int doAcquire(long timeoutNanos) {
        ByteBuffer b = buf();
        boolean reclaimed = false;
        Backoff backoff = null;
        while (true) {
            if ((long) Mem.LONG.getAcquire(b, offset + COUNT) > 0 && takePermit(b)) {
                return reclaimed ? LockWord.TOOK_OVER : LockWord.ACQUIRED;
            }
            if (timeoutNanos == 0) {
                return LockWord.TIMED_OUT;
            }
            if (backoff == null) {
                backoff = new Backoff(timeoutNanos, true, wakeup(offset + PARKED),
                        () -> (long) Mem.LONG.getAcquire(b, offset + COUNT) > 0);
            }
            if (backoff.livenessDue() && reclaimFromDead(b)) {
                reclaimed = true;
                continue;
            }
            if (!backoff.pause()) {
                return LockWord.TIMED_OUT;
            }
        }
    }

    private void lockMutex(ByteBuffer b) {
        LockWord.acquire(b, offset + MUTEX, ProcessToken.SELF, -1, false);
        // Only a holder that died mid-commit leaves a head behind.
        redo(b);
    }

    /**
     * Sets up to three words (absolute positions; {@link #NONE} for none) as one change
     * that survives the death of this process at any point. Under the mutex.
     */
    private void commit(ByteBuffer b, int at0, long v0, int at1, long v1, int at2, long v2) {
        Mem.LONG.setVolatile(b, offset + JOURNAL_VALUES, v0);
        Mem.LONG.setVolatile(b, offset + JOURNAL_VALUES + 8, v1);
        Mem.LONG.setVolatile(b, offset + JOURNAL_VALUES + 16, v2);
        Mem.LONG.setVolatile(b, offset + JOURNAL, JOURNALED | relative(at0) | relative(at1) << 16
                | relative(at2) << 32);
        redo(b);
    }

    private long relative(int at) {
        return at == NONE ? 0 : at - offset;
    }

    /** Applies the journaled change, if there is one, and clears it. Idempotent. */
    private void redo(ByteBuffer b) {
        long head = (long) Mem.LONG.getVolatile(b, offset + JOURNAL);
        if (head == 0) {
            return;
        }
        for (int i = 0; i < 3; i++) {
            int at = (int) (head >>> (16 * i)) & 0xFFFF;
            if (at != 0) {
                Mem.LONG.setVolatile(b, offset + at, (long) Mem.LONG.getVolatile(b, offset + JOURNAL_VALUES + 8 * i));
            }
        }
        Mem.LONG.setVolatile(b, offset + JOURNAL, 0L);
    }

    private void unlockMutex(ByteBuffer b) {
        LockWord.release(b, offset + MUTEX);
    }

    private boolean takePermit(ByteBuffer b) {
        lockMutex(b);
        try {
            long count = (long) Mem.LONG.getVolatile(b, offset + COUNT);
            if (count <= 0) {
                return false;
            }
            int slot = findSlot(b, ProcessToken.SELF);
            long held = slot < 0 ? 0 : (long) Mem.LONG.getVolatile(b, slot + 8);
            if (slot < 0) {
                slot = findSlot(b, 0);
            }
            if (slot >= 0) {
                commit(b, offset + COUNT, count - 1, slot, ProcessToken.SELF, slot + 8, held + 1);
            } else {
                commit(b, offset + COUNT, count - 1, offset + UNTRACKED, untracked(b) + 1, NONE, 0);
            }
            return true;
        } finally {
            unlockMutex(b);
        }
    }

    @Override
    public void release() {
        ByteBuffer b = buf();
        lockMutex(b);
        try {
            long count = (long) Mem.LONG.getVolatile(b, offset + COUNT);
            if (bounded && count >= initial) {
                throw new SemaphoreOverReleaseException("bounded semaphore " + segmentName()
                        + " released too many times (its initial value is " + initial + ")");
            }
            int slot = findSlot(b, ProcessToken.SELF);
            if (slot < 0 || (long) Mem.LONG.getVolatile(b, slot + 8) == 0) {
                slot = anyHolder(b);
            }
            if (slot >= 0) {
                long held = (long) Mem.LONG.getVolatile(b, slot + 8) - 1;
                long token = held == 0 ? 0 : (long) Mem.LONG.getVolatile(b, slot);
                commit(b, slot + 8, held, slot, token, offset + COUNT, count + 1);
            } else if (untracked(b) > 0) {
                commit(b, offset + UNTRACKED, untracked(b) - 1, offset + COUNT, count + 1, NONE, 0);
            } else {
                commit(b, offset + COUNT, count + 1, NONE, 0, NONE, 0);
            }
        } finally {
            unlockMutex(b);
        }
        wakeup(offset + PARKED).ring();
    }

    /** Gives back the permits of holders that died; true if there were any. */
    private boolean reclaimFromDead(ByteBuffer b) {
        boolean any = false;
        lockMutex(b);
        try {
            for (int i = 0; i < SLOTS; i++) {
                int slot = offset + TABLE + i * 16;
                long token = (long) Mem.LONG.getVolatile(b, slot);
                if (token != 0 && token != ProcessToken.SELF && !ProcessToken.isAlive(token)) {
                    long held = Math.max(0, (long) Mem.LONG.getVolatile(b, slot + 8));
                    long count = (long) Mem.LONG.getVolatile(b, offset + COUNT);
                    commit(b, slot, 0L, slot + 8, 0L, offset + COUNT, count + held);
                    any |= held > 0;
                }
            }
        } finally {
            unlockMutex(b);
        }
        return any;
    }

    private int findSlot(ByteBuffer b, long token) {
        for (int i = 0; i < SLOTS; i++) {
            int slot = offset + TABLE + i * 16;
            if ((long) Mem.LONG.getVolatile(b, slot) == token) {
                return slot;
            }
        }
        return -1;
    }

    private int anyHolder(ByteBuffer b) {
        for (int i = 0; i < SLOTS; i++) {
            int slot = offset + TABLE + i * 16;
            if ((long) Mem.LONG.getVolatile(b, slot) != 0 && (long) Mem.LONG.getVolatile(b, slot + 8) > 0) {
                return slot;
            }
        }
        return -1;
    }

    private long untracked(ByteBuffer b) {
        return (long) Mem.LONG.getVolatile(b, offset + UNTRACKED);
    }

    @Override
    public int value() {
        return (int) (long) Mem.LONG.getVolatile(buf(), offset + COUNT);
    }

    @Override
    public boolean isBounded() {
        return bounded;
    }

    @Override
    public boolean tookOverFromDeadOwner() {
        return tookOver;
    }

    @Override
    public String toString() {
        return (bounded ? "BoundedSemaphore[" : "Semaphore[") + segmentName() + ", value=" + value() + "]";
    }

    /** A permit that goes back when closed. */
    private record Permit(Semaphore semaphore, boolean tookOverFromDeadOwner) implements Held {
        @Override
        public void close() {
            semaphore.release();
        }
    }
}
