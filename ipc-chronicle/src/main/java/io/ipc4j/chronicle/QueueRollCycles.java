package io.ipc4j.chronicle;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;

/**
 * Short roll cycles for queues whose files are deleted as soon as their items are taken:
 * a cycle file a second (or ten), indexed every 64th item (Chronicle's one-second cycle
 * indexes every 4th, which costs appends a third of their time), up to 2^30 items a cycle.
 */
enum QueueRollCycles implements RollCycle {
    /** A file a second. */
    QUEUE_SECONDLY("yyyyMMdd-HHmmss'Q'", 1000),
    /** A file each ten seconds. */
    QUEUE_TEN_SECONDLY("yyyyMMdd-HHmmss'QX'", 10_000);

    private static final int INDEX_COUNT = 4096;
    /**
     * An index holds the cycle above {@code log2(INDEX_COUNT^2 * INDEX_SPACING)} bits of sequence
     * (30 here), and a cycle a second since 1970 takes 31 bits: a spacing of 512 (33 bits) overflowed
     * the long, and queues broke.
     */
    private static final int INDEX_SPACING = 64;

    private final String format;
    private final int lengthInMillis;
    private final RollCycleArithmetic arithmetic = RollCycleArithmetic.of(INDEX_COUNT, INDEX_SPACING);

    QueueRollCycles(String format, int lengthInMillis) {
        this.format = format;
        this.lengthInMillis = lengthInMillis;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int lengthInMillis() {
        return lengthInMillis;
    }

    @Override
    public int defaultIndexCount() {
        return arithmetic.indexCount();
    }

    @Override
    public int defaultIndexSpacing() {
        return arithmetic.indexSpacing();
    }

    @Override
    public long toIndex(int cycle, long sequenceNumber) {
        return arithmetic.toIndex(cycle, sequenceNumber);
    }

    @Override
    public long toSequenceNumber(long index) {
        return arithmetic.toSequenceNumber(index);
    }

    @Override
    public int toCycle(long index) {
        return arithmetic.toCycle(index);
    }

    @Override
    public long maxMessagesPerCycle() {
        return arithmetic.maxMessagesPerCycle();
    }
}
