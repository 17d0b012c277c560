package io.ipc4j.mmap;

import io.ipc4j.IpcException;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A single-producer single-consumer ring of records over a region of a mapped buffer: a
 * flyweight, so neither side allocates per record, and it needs no JVM flag ({@link ByteBuffer}
 * access and {@link VarHandle} fences only).
 *
 * <p>Layout from {@code base}: the tail (bytes ever written, the producer's) alone on its
 * cache lines, the head (bytes ever read, the consumer's) alone on its own, then
 * {@code capacity} bytes of data. A record is an int length of its payload, an int type,
 * then the payload, padded to 8 bytes; a record never wraps: where the next one does not
 * fit before the end, a padding record fills the rest and the record starts at 0.
 *
 * <p><b>Ordering.</b> The producer writes a record with plain stores and then publishes the
 * new tail with a release store; the consumer reads the tail with an acquire load, so it
 * sees the whole record, and hands the space back by publishing the head with a release
 * store after reading it. The counters are aligned longs, so a plain access to one is a
 * single instruction; acquire and release are that access with an acquire fence after it or
 * a release fence before it ({@link #acquire}, {@link #release}). A writer killed half-way through a record never published it.
 * Each side caches the other's counter and reads it again only when the cache says the
 * ring is full (or empty).
 */
final class SpscRing {
    /** Bytes of the region before the data: the two counters, each on two cache lines of its own. */
    static final int HEADER_BYTES = 256;
    private static final int TAIL = 0;
    private static final int HEAD = 128;
    private static final int RECORD_HEADER = 8;
    private static final int PADDING = 0;

    private final ByteBuffer buffer;
    private final int tailAt;
    private final int headAt;
    private final int dataAt;
    private final int capacity;
    private final int maxPayload;

    // the producer's
    private long tail;
    private long claimedTail;
    private long headSeen;
    // the consumer's
    private long head;
    private long tailSeen;
    private int recordAt;
    private int recordType;
    private int recordLength;

    /**
     * @param capacity a power of two, at least 64 bytes: the data bytes after the header
     */
    SpscRing(ByteBuffer buffer, int base, int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 64) {
            throw new IllegalArgumentException("a ring's capacity must be a power of two of at least 64, not " + capacity);
        }
        if (base % 8 != 0 || base + HEADER_BYTES + capacity > buffer.capacity()) {
            throw new IllegalArgumentException("a ring of " + capacity + " bytes does not fit at " + base);
        }
        this.buffer = buffer;
        this.tailAt = base + TAIL;
        this.headAt = base + HEAD;
        this.dataAt = base + HEADER_BYTES;
        this.capacity = capacity;
        this.maxPayload = capacity / 8;
        this.tail = acquire(tailAt);
        this.head = acquire(headAt);
        this.headSeen = head;
        this.tailSeen = tail;
    }

    /** The bytes a region of a ring of {@code capacity} takes. */
    static int regionBytes(int capacity) {
        return HEADER_BYTES + capacity;
    }

    /** The largest payload of one record: an eighth of the ring, so that a full ring still takes the next few. */
    int maxPayload() {
        return maxPayload;
    }

    // ---- producer

    /**
     * Reserves a record of {@code length} payload bytes; the caller writes them at the
     * returned index of the buffer, then calls {@link #commit()}.
     *
     * @return the payload's index in the buffer, or -1 if the ring has no room for it now
     * @throws IllegalArgumentException if the payload is above {@link #maxPayload()}
     */
    int claim(int type, int length) {
        if (length < 0 || length > maxPayload) {
            throw new IllegalArgumentException("a record of " + length + " bytes is above the ring's "
                    + maxPayload);
        }
        int need = align(RECORD_HEADER + length);
        int offset = (int) (tail & (capacity - 1));
        int toEnd = capacity - offset;
        int required = need > toEnd ? toEnd + need : need;
        if (tail + required - headSeen > capacity) {
            headSeen = acquire(headAt);
            if (tail + required - headSeen > capacity) {
                return -1;
            }
        }
        long at = tail;
        if (need > toEnd) {
            putHeader(offset, toEnd - RECORD_HEADER, PADDING);
            at += toEnd;
            offset = 0;
        }
        putHeader(offset, length, type);
        claimedTail = at + need;
        return dataAt + offset + RECORD_HEADER;
    }

    private void putHeader(int offset, int length, int type) {
        buffer.putInt(dataAt + offset, length);
        buffer.putInt(dataAt + offset + 4, type);
    }

    /** Publishes the record {@link #claim claimed} last. */
    void commit() {
        tail = claimedTail;
        release(tailAt, tail);
    }

    // ---- consumer

    /**
     * Moves to the next record, skipping padding; then {@link #type()}, {@link #length()}
     * and {@link #payloadAt()} describe it until {@link #release()}.
     *
     * @return false if the ring is empty
     * @throws IpcException if the ring holds something no producer of this class writes
     */
    boolean next() {
        while (true) {
            if (head == tailSeen) {
                tailSeen = acquire(tailAt);
                if (head == tailSeen) {
                    return false;
                }
            }
            int offset = (int) (head & (capacity - 1));
            int length = buffer.getInt(dataAt + offset);
            int type = buffer.getInt(dataAt + offset + 4);
            if (length < 0 || RECORD_HEADER + length > capacity - offset
                    || align(RECORD_HEADER + length) > tailSeen - head) {
                throw new IpcException("a shared-memory ring is corrupt: a record of " + length + " bytes at "
                        + offset);
            }
            if (type != PADDING) {
                recordAt = dataAt + offset + RECORD_HEADER;
                recordType = type;
                recordLength = length;
                return true;
            }
            head += capacity - offset;
            release(headAt, head);
        }
    }

    int type() {
        return recordType;
    }

    int length() {
        return recordLength;
    }

    /** The index in the buffer of the current record's payload. */
    int payloadAt() {
        return recordAt;
    }

    /** Hands the current record's space back to the producer. */
    void release() {
        head += align(RECORD_HEADER + recordLength);
        release(headAt, head);
    }

    /**
     * Whether the ring is empty now, reading the tail afresh (a volatile load, for a caller
     * that has just fenced).
     */
    boolean isEmpty() {
        tailSeen = (long) Mem.LONG.getVolatile(buffer, tailAt);
        return head == tailSeen;
    }

    /**
     * An acquire load of a counter: a plain aligned load (one instruction, so whole) then an
     * acquire fence. Fences and plain {@code ByteBuffer} access instead of a VarHandle's access
     * modes: the same ordering, and fast from the first message on, where a VarHandle call is
     * slow until the JIT has compiled it (measured: several µs a message for thousands of them).
     */
    private long acquire(int at) {
        long v = buffer.getLong(at);
        VarHandle.acquireFence();
        return v;
    }

    /** A release store of a counter: a release fence, then a plain aligned store. */
    private void release(int at, long v) {
        VarHandle.releaseFence();
        buffer.putLong(at, v);
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
