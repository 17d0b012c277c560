package io.ipc4j.chronicle;

import io.ipc4j.internal.wire.ObjectCodec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The taking side of one process. Chronicle tailers broadcast (each reads every item), so
 * consumers compete through the shared word {@code ipc4j.claimed}, the index of the last
 * item taken. A take reads the item right after it, deserializes it, and then claims it
 * with a compare-and-swap from that index to the item's own: the swap is the commit. A
 * consumer killed before it leaves the item to the others; one whose swap succeeded has
 * taken it. A failed swap means another consumer took the item first: read again after
 * whatever it claimed. No index is ever computed: the tailer says what comes next, across
 * cycle rolls too.
 */
final class Takes {
    /** Returned by {@link #tryTake} when there is nothing to take now. */
    static final Object NOTHING = new Object();
    /** Returned by {@link #tryTake} when another consumer took the item first: try again at once. */
    static final Object LOST_RACE = new Object();
    private static final long NO_ITEM = Long.MIN_VALUE;
    /** Items the tailer reads through to catch up within a cycle before it seeks by index instead. */
    private static final long SKIP_LIMIT = 64;

    private final QueueFiles files;
    private final RollCycle cycles;
    private final ExcerptTailer tailer;
    private final ReentrantLock lock = new ReentrantLock();
    /** The index of the item the tailer read last, or {@link QueueFiles#NONE}. */
    private long lastRead = QueueFiles.NONE;
    private byte[] scratch = new byte[256];
    private int length;
    /** Claims this process lost to another consumer: for the warm-up, which makes some on purpose. */
    private int lostRaces;

    Takes(QueueFiles files) {
        this.files = files;
        this.cycles = files.rollCycle;
        this.tailer = files.queue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
    }

    /**
     * Takes the next item if there is one.
     *
     * @return the item, {@link #NOTHING} or {@link #LOST_RACE}
     * @throws UnreadableItemException when the item taken cannot be deserialized here
     */
    Object tryTake() {
        lock.lock();
        try {
            long claimed = files.claimed.getVolatileValue();
            if (!positionAfter(claimed)) {
                return LOST_RACE;
            }
            long index = readNext();
            if (index == NO_ITEM) {
                if (!laterCycleHasItems()) {
                    return NOTHING;
                }
                // Whatever was committed in this cycle was committed before that later item: read again.
                index = readNext();
                if (index == NO_ITEM && moveToNextCycleWithItems()) {
                    index = readNext();
                }
                if (index == NO_ITEM) {
                    return NOTHING;
                }
            }
            lastRead = index;
            Object item = null;
            RuntimeException unreadable = null;
            try {
                item = BoxedInts.read(scratch, length);
                if (item == null) {
                    item = ObjectCodec.fromBytes(scratch, 0, length);
                }
            } catch (RuntimeException e) {
                unreadable = e;
            }
            if (!files.claimed.compareAndSwapValue(claimed, index)) {
                lostRaces++;
                return LOST_RACE;
            }
            if (claimed == QueueFiles.NONE || cycles.toCycle(claimed) != cycles.toCycle(index)) {
                files.enteredCycle(index);
            }
            if (unreadable != null) {
                throw new UnreadableItemException("the item taken from the Chronicle queue in " + files.dir
                        + " cannot be deserialized here (it is taken; its bytes are in this exception): "
                        + unreadable.getMessage(), java.util.Arrays.copyOf(scratch, length), unreadable);
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** How many claims this side lost to another consumer. */
    int lostRaces() {
        lock.lock();
        try {
            return lostRaces;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the tailer; only for a taking side other than its files' own (the warm-up's). */
    void close() {
        lock.lock();
        try {
            tailer.close();
        } finally {
            lock.unlock();
        }
    }

    /** Reads the next excerpt into {@link #scratch}: its index, or {@link #NO_ITEM}. */
    private long readNext() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return NO_ITEM;
            }
            Bytes<?> bytes = dc.wire().bytes();
            length = (int) bytes.readRemaining();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            bytes.read(scratch, 0, length);
            return dc.index();
        }
    }

    /**
     * Whether the tailer, finding nothing, stopped in a cycle older than the last item. Chronicle's
     * tailer leaves a cycle at its end-of-cycle marker, which the appender that rolls to a new
     * cycle writes; a cycle may lack it (a producer killed just after it made the file, or a
     * bounded put that rolled back the first excerpt of a new cycle), and then the tailer waits there.
     */
    private boolean laterCycleHasItems() {
        int at = tailer.cycle();
        if (at == Integer.MIN_VALUE || at >= files.queue.cycle()) {
            return false;
        }
        long last = files.queue.lastIndex();
        return last >= 0 && cycles.toCycle(last) > at;
    }

    /** Moves the tailer to the first item of the next cycle that has one. */
    private boolean moveToNextCycleWithItems() {
        int lastCycle = cycles.toCycle(files.queue.lastIndex());
        int at = tailer.cycle();
        try {
            while (true) {
                int next = files.queue.nextCycle(at, TailerDirection.FORWARD);
                if (next < 0 || next > lastCycle) {
                    return false;
                }
                if (tailer.moveToIndex(cycles.toIndex(next, 0))) {
                    return true;
                }
                at = next;
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot list the cycle files of the Chronicle queue in " + files.dir, e);
        }
    }

    /**
     * Moves the tailer just past the item {@code claimed}, so that it reads next the item a
     * take may claim. False when that item is gone meanwhile (its cycle swept after others
     * took more): read {@code ipc4j.claimed} again.
     */
    private boolean positionAfter(long claimed) {
        if (lastRead == claimed) {
            return true;
        }
        if (claimed == QueueFiles.NONE) {
            tailer.toStart();
            lastRead = QueueFiles.NONE;
            return true;
        }
        if (lastRead != QueueFiles.NONE && lastRead < claimed && claimed - lastRead <= SKIP_LIMIT
                && cycles.toCycle(lastRead) == cycles.toCycle(claimed)) {
            while (lastRead < claimed) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return false;
                    }
                    lastRead = dc.index();
                }
            }
            return lastRead == claimed;
        }
        if (!tailer.moveToIndex(claimed)) {
            if (files.claimed.getVolatileValue() == claimed) {
                throw new IllegalStateException("the Chronicle queue in " + files.dir + " lacks the item last taken ("
                        + Long.toHexString(claimed) + "): were its files deleted while it was in use?");
            }
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return false;
            }
            lastRead = dc.index();
        }
        return lastRead == claimed;
    }
}
