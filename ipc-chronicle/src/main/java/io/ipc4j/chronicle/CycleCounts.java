package io.ipc4j.chronicle;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the items between two indices of a queue. Within one cycle that is a subtraction
 * (sequence numbers are dense: a rolled-back or abandoned excerpt leaves its number to the
 * next one). Across cycles Chronicle would open and count every cycle file in between on
 * each call, so a bounded queue's put would cost more the more cycles its backlog spans.
 * Here each cycle is counted once, when a later cycle holds an item: all processes append
 * under one write lock and take their cycle from one clock, so no item goes to a cycle
 * before the newest one. The counts are this process's, kept as running totals so that a
 * range costs two lookups; those of cycles whose items are all taken are dropped.
 */
final class CycleCounts {
    /** How long a count reuses the end found before an empty newest cycle file; see {@link #emptyNewest}. */
    static final long RECHECK_EMPTY_NANOS = 10_000_000;
    /** The items of one finished cycle, and of every counted cycle up to it. */
    private record Count(long items, long total) {
    }

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final TreeMap<Integer, Count> counted = new TreeMap<>();
    /** Every cycle file up to this one is in {@link #counted}, or never existed. */
    private int countedThrough = Integer.MIN_VALUE;
    /** Counts finished cycles; holds no store between calls. */
    private ExcerptTailer counter;
    /** Stays at the end of the newest cycle, whose store it keeps. */
    private ExcerptTailer end;
    /**
     * The newest cycle while its file holds no item (its first excerpt was rolled back, or its
     * writer killed), else {@link Integer#MIN_VALUE}. Chronicle's {@code toEnd()} then walks
     * back through the cycles, making their stores again (slower each time, and they pile up),
     * so the end found is reused until an item may have come: for {@link #RECHECK_EMPTY_NANOS},
     * or until this process appends.
     */
    private int emptyNewest = Integer.MIN_VALUE;
    private long endBeforeEmpty;
    private long emptyCheckedAt;
    /** Items this process appended (under its append lock), as of {@link #endBeforeEmpty}'s finding. */
    private long appendsAtCheck;
    private final AtomicLong appends = new AtomicLong();

    CycleCounts(SingleChronicleQueue queue) {
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
    }

    /**
     * How many items were committed after {@code claimed} ({@link QueueFiles#NONE}: all of
     * them). Chronicle's {@code lastIndex()} would make a tailer, and open a cycle file, on
     * each call; this keeps one at the end, which finds the newest excerpt from the cycle's
     * index. An excerpt being written is not counted.
     */
    synchronized long itemsAfter(long claimed) {
        long next = end();
        if (next == 0 || claimed != QueueFiles.NONE && next <= claimed + 1) {
            return 0; // nothing ever put, or nothing after the claim
        }
        return between(claimed, next);
    }

    /** The index the next item will have, or 0 when nothing was ever put. */
    private long end() {
        if (end == null) {
            end = tailer();
        }
        int newest = queue.lastCycle();
        long appended = appends.get(); // read before the end: an append after it is seen next time
        if (newest == emptyNewest && appended == appendsAtCheck
                && System.nanoTime() - emptyCheckedAt < RECHECK_EMPTY_NANOS) {
            return endBeforeEmpty;
        }
        long next = end.toEnd().index();
        if (newest != Integer.MIN_VALUE && rollCycle.toCycle(next) < newest) {
            endBeforeEmpty = next;
            emptyCheckedAt = System.nanoTime();
            appendsAtCheck = appended;
            emptyNewest = newest;
        } else {
            emptyNewest = Integer.MIN_VALUE;
        }
        return next;
    }

    /** An item was committed in this process, under its append lock: a count finds the end again. */
    void appended() {
        appends.lazySet(appends.get() + 1);
    }

    /**
     * The cycles before {@code cycle} are taken and their files deleted: the end tailer lets go
     * of such a file if it still holds it, so that its memory is freed.
     */
    synchronized void cyclesDeletedBefore(int cycle) {
        if (end != null && end.cycle() != Integer.MIN_VALUE && end.cycle() < cycle) {
            end.close();
            end = null;
        }
    }

    private ExcerptTailer tailer() {
        ExcerptTailer t = queue.createTailer();
        t.singleThreadedCheckDisabled(true);
        return t;
    }

    /**
     * How many excerpts lie strictly between {@code after} and {@code before}; from the
     * queue's first excerpt when {@code after} is {@link QueueFiles#NONE}. {@code before}
     * is an index whose cycle holds an item, or is being written under the write lock.
     *
     * @throws IllegalStateException when a cycle file in between went while counting (another
     *         process took on past it and deleted it; the caller counts again from its new claim)
     */
    synchronized long between(long after, long before) {
        int beforeCycle = rollCycle.toCycle(before);
        long beforeSeq = rollCycle.toSequenceNumber(before);
        if (after == QueueFiles.NONE) {
            long first = queue.firstIndex();
            if (first >= before) {
                return 0;
            }
            int firstCycle = rollCycle.toCycle(first);
            if (firstCycle == beforeCycle) {
                return beforeSeq;
            }
            countThrough(firstCycle, beforeCycle);
            Count firstCount = counted.get(firstCycle);
            return totalBefore(beforeCycle) - (firstCount.total() - firstCount.items()) + beforeSeq;
        }
        if (after >= before) {
            return 0;
        }
        int afterCycle = rollCycle.toCycle(after);
        long afterSeq = rollCycle.toSequenceNumber(after);
        if (afterCycle == beforeCycle) {
            return beforeSeq - afterSeq - 1;
        }
        countThrough(afterCycle, beforeCycle);
        counted.headMap(afterCycle, false).clear(); // all taken: never asked for again
        Count afterCount = counted.get(afterCycle);
        return afterCount.items() - afterSeq - 1 + totalBefore(beforeCycle) - afterCount.total() + beforeSeq;
    }

    private long totalBefore(int cycle) {
        return counted.floorEntry(cycle - 1).getValue().total();
    }

    /**
     * Counts the cycle files from {@code from} (a cycle that holds or held an item) to the one
     * before {@code to} not counted yet.
     */
    private void countThrough(int from, int to) {
        if (to <= countedThrough) {
            // An end found before a newer cycle got its first item (a count that raced a put at a
            // roll, or an empty newest file), or the clock went back: the cycles from `to` on are
            // not known to be finished.
            counted.tailMap(to, true).clear();
            countedThrough = to - 1;
        }
        if (counted.containsKey(from) && to - 1 <= countedThrough) {
            return;
        }
        if (!counted.containsKey(from)) {
            counted.clear(); // a range starting before what was counted (a new first cycle): count afresh
            countedThrough = Integer.MIN_VALUE;
        }
        if (counter == null) {
            counter = tailer();
        }
        counted.tailMap(countedThrough, false).clear(); // left by a count that failed part way
        long total = counted.isEmpty() ? 0 : counted.lastEntry().getValue().total();
        for (long c : queue.listCyclesBetween(from, to)) {
            int cycle = (int) c;
            if (cycle > countedThrough && cycle < to) {
                long items = counter.excerptsInCycle(cycle);
                if (items < 0 && cycle == from) {
                    break; // gone: the claim moved past it, and the caller counts again (thrown below)
                }
                // A file in between that went (renamed *.discard, or swept once the claim passed
                // it) holds no item that counts: 0 keeps the count at or above the backlog.
                total += Math.max(0, items);
                counted.put(cycle, new Count(Math.max(0, items), total));
            }
        }
        if (!counted.containsKey(from)) {
            throw new IllegalStateException("the cycle file of cycle " + from + " in " + queue.file() + " is gone");
        }
        countedThrough = to - 1;
    }
}
