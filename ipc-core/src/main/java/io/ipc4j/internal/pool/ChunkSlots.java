package io.ipc4j.internal.pool;

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
 */
final class ChunkSlots {
    /** Chunks a worker holds at once: the one it runs, and the next, so it never waits on the pool in between. */
    static final int COUNT = 4;
    /** Enough for a default chunk of longs or doubles; pages of tmpfs are only used as touched. */
    static final int SLOT_BYTES = 1 << 21;
    static final int TOTAL_BYTES = COUNT * SLOT_BYTES;

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
}
