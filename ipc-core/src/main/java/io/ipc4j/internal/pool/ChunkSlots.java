package io.ipc4j.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A worker's block of shared memory, cut into {@link #COUNT} slots, one per chunk the
 * worker may hold at once. A chunk's items go into its slot on the way to the worker and
 * its results come back in the same slot, so the bulk of a chunk never crosses the pipe:
 * the pipe carries only who the chunk is and which slot holds it. Items that do not fit a
 * slot travel in the pipe instead.
 *
 * <p>The pipe message also orders the memory: the writer of a slot fences (release)
 * before it sends, the reader fences (acquire) after it receives.
 *
 * <p>After the slots, a count of the tasks the worker has taken up, which it raises before
 * it reads a task's function or items: when a worker dies holding chunks, the pool tells
 * by it whether the first had been started, or was only on its way (the worker killed as
 * it was sent), and so not a run to count against the chunk's retries.
 */
final class ChunkSlots {
    /** Chunks a worker holds at once: the one it runs, and the next, so it never waits on the pool in between. */
    static final int COUNT = 4;
    /** Enough for a default chunk of longs or doubles; pages of tmpfs are only used as touched. */
    static final int SLOT_BYTES = 1 << 21;
    /** Where the count of tasks taken up is, a long after the slots. */
    private static final int BEGUN_AT = COUNT * SLOT_BYTES;
    static final int TOTAL_BYTES = BEGUN_AT + 64;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private ChunkSlots() {
    }

    /** Slot {@code i} of {@code block}: position 0, limit {@link #SLOT_BYTES}, native byte order. */
    static ByteBuffer slot(ByteBuffer block, int i) {
        if (i < 0 || i >= COUNT) {
            throw new IllegalArgumentException("no slot " + i);
        }
        return block.duplicate().clear().position(i * SLOT_BYTES).limit((i + 1) * SLOT_BYTES).slice()
                .order(ByteOrder.nativeOrder());
    }

    /**
     * The worker takes up its next task: raises the count. One writer: the worker in the
     * block's place (a lost worker is killed with SIGKILL before the next one is started).
     */
    static void begin(ByteBuffer block) {
        if (aligned(block)) {
            LONGS.setRelease(block, BEGUN_AT, (long) LONGS.getOpaque(block, BEGUN_AT) + 1);
        }
    }

    /** The tasks taken up in {@code block} so far, by every worker that had it; -1 when it cannot tell. */
    static long begun(ByteBuffer block) {
        return aligned(block) ? (long) LONGS.getAcquire(block, BEGUN_AT) : -1;
    }

    /** Whether the count can be read and written atomically here (a mapped block starts on a page). */
    private static boolean aligned(ByteBuffer block) {
        return block != null && block.isDirect() && block.capacity() >= TOTAL_BYTES
                && block.alignmentOffset(BEGUN_AT, Long.BYTES) == 0;
    }
}
