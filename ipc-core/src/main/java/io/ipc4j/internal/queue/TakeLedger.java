package io.ipc4j.internal.queue;

import io.ipc4j.SharedMemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How a consumer tells the broker, without a message, how many items it has taken: one
 * {@code long} per consumer of a queue, in shared memory that the broker can still read
 * after the consumer died. Consumers fetch items in batches and take them one by one; a
 * consumer killed between taking an item and telling the broker would otherwise have the
 * item delivered again.
 *
 * <p>A slot holds {@code [revoked:1][generation:23][taken:40]}. The consumer counts a take
 * with a compare-and-set from the value it expects; the broker ends a consumer's use of
 * its slot by setting the revoked bit atomically and reads, in the same step, how many
 * items were taken. So every take either happens before the broker's read, and is
 * counted, or fails, and the item is not returned to the caller. The generation changes
 * each time a slot is handed out, so a consumer that outlived its session cannot count
 * into a slot now held by another.
 *
 * <p>The broker may also recall a batch from a consumer that stopped taking while others
 * wait ({@link #recall}): the slot moves to a new generation with its count, the consumer's
 * next take fails, and it drops what it held and fetches again.
 *
 * <p>This class owns both sides: {@link #assign()}, {@link #recall} and {@link #revoke} for
 * the broker and {@link Counter} for the consumer.
 */
public final class TakeLedger implements AutoCloseable {
    /** Slots per block: 64 KiB of memory. */
    public static final int SLOTS_PER_BLOCK = 8192;
    private static final int BLOCK_BYTES = SLOTS_PER_BLOCK * Long.BYTES;
    private static final long TAKEN_MASK = (1L << 40) - 1;
    private static final long REVOKED = 1L << 63;
    private static final int GENERATION_SHIFT = 40;
    private static final long GENERATION_MASK = (1L << 23) - 1;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** A consumer's place in the ledger, as sent to it. */
    public record Slot(String block, int index, int generation) {
    }

    private final Function<String, SharedMemory> blocks;
    private final List<SharedMemory> made = new ArrayList<>();
    private final List<ByteBuffer> views = new ArrayList<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int[] generations = new int[0];
    private boolean unavailable;
    private boolean closed;

    /**
     * @param blocks makes a shared block of {@value #BLOCK_BYTES} bytes by name, or throws
     *               when this context has no shared memory
     */
    public TakeLedger(Function<String, SharedMemory> blocks) {
        this.blocks = blocks;
    }

    /**
     * Makes the first block now, unless there is one, no shared memory, or the ledger is
     * closed: the first {@link #assign} then finds it made.
     */
    public synchronized void prepare() {
        if (made.isEmpty()) {
            grow();
        }
    }

    /** A fresh slot with a count of 0, or null when there is no shared memory to keep it in. */
    public synchronized Slot assign() {
        if (free.isEmpty() && !grow()) {
            return null;
        }
        int index = free.pollFirst();
        int generation = (generations[index] + 1) & (int) GENERATION_MASK;
        generations[index] = generation;
        LONGS.setVolatile(view(index), offset(index), (long) generation << GENERATION_SHIFT);
        return new Slot(made.get(index / SLOTS_PER_BLOCK).name(), index, generation);
    }

    /**
     * Ends the slot's use: from now on its consumer's takes fail. Returns how many items it
     * took in all, and frees the slot for reuse.
     */
    public synchronized long revoke(Slot slot) {
        long v = (long) LONGS.getAndBitwiseOr(view(slot.index()), offset(slot.index()), REVOKED);
        free.addLast(slot.index());
        return (v >>> GENERATION_SHIFT & GENERATION_MASK) == slot.generation() ? v & TAKEN_MASK : 0;
    }

    /** What a recall left: the slot under its new generation, and how many items were taken before. */
    public record Recalled(Slot slot, long taken) {
    }

    /**
     * Takes back a consumer's batch without ending its session: the slot moves to a new
     * generation, keeping its count, so the consumer's next take fails and it fetches again.
     *
     * @return the slot under its new generation and the count it kept, or null if the slot
     *         was revoked meanwhile
     */
    public synchronized Recalled recall(Slot slot) {
        ByteBuffer view = view(slot.index());
        int at = offset(slot.index());
        int generation = (slot.generation() + 1) & (int) GENERATION_MASK;
        while (true) {
            long v = (long) LONGS.getVolatile(view, at);
            if ((v & REVOKED) != 0) {
                return null;
            }
            long taken = v & TAKEN_MASK;
            if (LONGS.compareAndSet(view, at, v, (long) generation << GENERATION_SHIFT | taken)) {
                generations[slot.index()] = generation;
                return new Recalled(new Slot(slot.block(), slot.index(), generation), taken);
            }
        }
    }

    /** How many items the slot's consumer has taken so far. */
    public long taken(Slot slot) {
        long v = (long) LONGS.getVolatile(view(slot.index()), offset(slot.index()));
        return v & TAKEN_MASK;
    }

    private boolean grow() {
        if (unavailable || closed) {
            return false;
        }
        SharedMemory block;
        try {
            block = blocks.apply(".queue-ledger-" + made.size());
        } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError noSharedMemory) {
            // no provider, or one that cannot load: consumers acknowledge their takes instead
            unavailable = true;
            return false;
        }
        int first = made.size() * SLOTS_PER_BLOCK;
        made.add(block);
        views.add(block.buffer());
        generations = java.util.Arrays.copyOf(generations, first + SLOTS_PER_BLOCK);
        for (int i = 0; i < SLOTS_PER_BLOCK; i++) {
            free.addLast(first + i);
        }
        return true;
    }

    private ByteBuffer view(int index) {
        return views.get(index / SLOTS_PER_BLOCK);
    }

    private static int offset(int index) {
        return (index % SLOTS_PER_BLOCK) * Long.BYTES;
    }

    /** The size every block must have. */
    public static int blockBytes() {
        return BLOCK_BYTES;
    }

    @Override
    public synchronized void close() {
        closed = true;
        made.forEach(SharedMemory::unlink);
        made.clear();
        views.clear();
        free.clear();
    }

    /** The consumer's side of one slot: counts each item taken. Used under the consumer's get lock. */
    public static final class Counter {
        private final ByteBuffer block;
        private final int offset;
        private final long base;
        private long taken;

        /**
         * @param block the ledger block named in the slot, mapped in this process
         * @param taken what the slot counts already: 0 for a new slot, the consumer's count after a recall
         */
        public Counter(ByteBuffer block, Slot slot, long taken) {
            if (block.capacity() < BLOCK_BYTES) {
                throw new IllegalArgumentException("a ledger block has " + BLOCK_BYTES + " bytes, not " + block.capacity());
            }
            this.block = block;
            this.offset = offset(slot.index());
            this.base = (long) slot.generation() << GENERATION_SHIFT;
            this.taken = taken;
        }

        /**
         * Counts one more item taken.
         *
         * @return false if the broker has revoked the slot: the item must not be returned
         */
        public boolean take() {
            if (!LONGS.compareAndSet(block, offset, base | taken, base | (taken + 1))) {
                return false;
            }
            taken++;
            return true;
        }

        /** After a failed take: whether the broker recalled the batch (the session goes on) rather than revoked the slot. */
        public boolean recalled() {
            return ((long) LONGS.getVolatile(block, offset) & REVOKED) == 0;
        }

        /** Items counted through this counter. */
        public long taken() {
            return taken;
        }
    }
}
