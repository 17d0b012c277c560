package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.Event;
import io.ipc4j.internal.Timeouts;

import java.lang.ref.Reference;
import java.time.Duration;

/**
 * An {@link Event} in one word (and the parked count after it): bit 0 is the flag, the bits above count the times it was
 * set. A waiter returns true once the count moved, even if the flag was cleared again
 * before it looked, as CPython's waiters, woken inside {@code set()}, do.
 */
@DefaultSerializer(HandleSerializer.class)
final class MmapEvent extends MappedHandle implements Event {

    MmapEvent(String path, int offset) {
        super(path, offset);
    }

    private static final int PARKED = 8;

    private long word() {
        return (long) Mem.LONG.getAcquire(buf(), offset);
    }

    @Override
    public void set() {
        while (true) {
            long w = word();
            if ((w & 1) != 0) {
                return;
            }
            if (Mem.LONG.compareAndSet(buf(), offset, w, (w | 1) + 2)) {
                wakeup(offset + PARKED).ring();
                return;
            }
        }
    }

    @Override
    public void clear() {
        while (true) {
            long w = word();
            if ((w & 1) == 0 || Mem.LONG.compareAndSet(buf(), offset, w, w & ~1L)) {
                return;
            }
        }
    }

    @Override
    public boolean isSet() {
        return (word() & 1) != 0;
    }

    @Override
    public void waitFor() {
        await(-1);
    }

    @Override
    public boolean waitFor(Duration timeout) {
        return await(Timeouts.nanos(timeout));
    }

    private boolean await(long timeoutNanos) {
        long start = word();
        if ((start & 1) != 0) {
            return true;
        }
        Backoff backoff = Backoff.untilRung(timeoutNanos, wakeup(offset + PARKED), () -> word() != start);
        try {
            while (word() == start) {
                if (!backoff.pause()) {
                    return word() != start;
                }
            }
            return true;
        } finally {
            Reference.reachabilityFence(this); // its block must not be freed while this thread waits on it
        }
    }

    @Override
    public String toString() {
        return "Event[" + segmentName() + (isSet() ? ", set" : ", clear") + "]";
    }
}
