package io.ipc4j.mmap;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.spi.DirectChannel;

import org.agrona.concurrent.BackoffIdleStrategy;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DirectChannel} over a {@link ShmSegment}: messages go through the rings, and
 * the authenticated socket the two ends met on stays open beside them as the doorbell
 * and as the sign of life: a reader that found nothing for a while blocks reading it,
 * and the end of that stream (a close, or the peer's death) ends the pipe.
 *
 * <p>Waiting is spin, then yield, then park. A reader spins only while spinning pays (see
 * {@link ReaderSpin}), and its park is a block on the doorbell; a writer waiting for room
 * in a full ring follows an Agrona {@link BackoffIdleStrategy}, parks with growing periods
 * and looks at whether the peer still lives.
 *
 * <p><b>No lost wake-up.</b> A reader about to block stores 1 in its sleeping word, then
 * (after a full fence) looks at its ring again, and blocks only if it is still empty. A
 * writer commits its message, then (after a full fence) loads the sleeping word, and rings
 * only if it is 1 (clearing it first, so that one park gets one ring). Both sides store,
 * fence, then load: whatever the interleaving, at least one of them sees the other's
 * store, so either the reader finds the message or the writer finds the reader asleep.
 * A reader that leaves without a ring takes its word back; if a writer cleared it first,
 * the reader reads that ring before it goes on, so the socket holds no stale ring.
 */
final class ShmChannel implements DirectChannel {
    private static final byte BELL = 3;
    private static final byte[] NOTHING = {};
    private static final int WHOLE = 1;
    private static final int FIRST = 2;
    private static final int MORE = 3;
    /**
     * A writer waiting for room in a full ring: a short spin, then yields, then parks with
     * growing periods. {@code ipc4j.spinNanos} bounds the spin and yield phases of a
     * reader together.
     */
    private static final long MAX_SPINS = 20;
    private static final long MAX_YIELDS = 1000;
    /** How many writer idles pass between two looks at whether the peer lives. */
    private static final int IDLES_PER_LIFE_CHECK = 256;

    /** The segment's whole mapping: its header words, and the rings' bytes for bulk copies. */
    private final ByteBuffer mapped;
    private final DirectChannel doorbell;
    private final SpscRing in;
    private final SpscRing out;
    private final int sleepingWord;
    private final int peerSleepingWord;
    private final int closedWord;
    private final int peerClosedWord;
    private final long peerToken;
    private final long spinNanos;
    private final int maxFrameBytes;
    /** The most one ring record may carry, less a fragment header. */
    private final int chunk;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final BackoffIdleStrategy writerIdle = idleStrategy();

    private final ReentrantLock readLock = new ReentrantLock();
    private final ReaderSpin readerSpin;
    private byte[] assembling;
    private byte assemblingTag;
    private int filled;
    private Message next;
    private boolean eof;

    /** Set once the doorbell socket reached its end: the peer closed or died. */
    private volatile boolean peerGone;
    private volatile boolean closed;

    /**
     * @param side     0 for the end that listened, 1 for the end that dialed
     * @param doorbell the socket the ends met on; its own receive must not spin
     */
    ShmChannel(ShmSegment segment, int side, DirectChannel doorbell, long spinNanos, int maxFrameBytes) {
        this.mapped = segment.mapped;
        this.doorbell = doorbell;
        this.out = segment.ringOf(side);
        this.in = segment.ringOf(1 - side);
        this.sleepingWord = ShmSegment.sleepingWord(1 - side);
        this.peerSleepingWord = ShmSegment.sleepingWord(side);
        this.closedWord = ShmSegment.closedWord(side);
        this.peerClosedWord = ShmSegment.closedWord(1 - side);
        this.peerToken = segment.tokenOf(1 - side);
        this.spinNanos = spinNanos;
        this.readerSpin = new ReaderSpin(spinNanos);
        this.maxFrameBytes = maxFrameBytes;
        this.chunk = out.maxPayload() - Integer.BYTES;
    }

    /** The one idle strategy of shm channels. */
    static BackoffIdleStrategy idleStrategy() {
        return new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1));
    }

    // ---- sending

    @Override
    public void send(byte tag, byte[] body, int offset, int length) {
        if (length + 1 > maxFrameBytes || length + 1 < 0) {
            throw new FrameTooLargeException("a message of " + (length + 1L) + " bytes is above the limit of "
                    + maxFrameBytes + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this connection is closed");
            }
            if (peerClosed()) {
                throw new ConnectionEOFException("the other end of the pipe is closed");
            }
            int type = tag & 0xFF;
            if (length <= out.maxPayload()) {
                put((WHOLE << 8) | type, body, offset, length, -1);
                return;
            }
            int first = chunk;
            put((FIRST << 8) | type, body, offset, first, length);
            for (int at = first; at < length; at += chunk) {
                put((MORE << 8) | type, body, offset + at, Math.min(chunk, length - at), -1);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes one record, waiting for room; a first fragment leads with the whole message's length. */
    private void put(int type, byte[] body, int offset, int length, int total) {
        int recordLength = total < 0 ? length : length + Integer.BYTES;
        int index = out.claim(type, recordLength);
        if (index < 0) {
            writerIdle.reset();
            int idles = 0;
            while ((index = out.claim(type, recordLength)) < 0) {
                awaitRoom(++idles, type >>> 8 == MORE);
            }
        }
        if (total >= 0) {
            mapped.putInt(index, total);
            index += Integer.BYTES;
        }
        mapped.put(index, body, offset, length);
        out.commit();
        ringIfAsleep();
    }

    /** @param started whether fragments of the message went before: an interrupt then closes this end */
    private void awaitRoom(int idles, boolean started) {
        if (closed) {
            throw new ConnectionEOFException("this end of the pipe was closed while sending");
        }
        if (Thread.currentThread().isInterrupted()) {
            // the idle strategy's park returns at once while the flag is set: without this the send would spin
            if (!started) {
                throw new IpcInterruptedException("interrupted while sending; nothing of the message was sent");
            }
            close();
            throw new IpcInterruptedException("interrupted while sending a message, part of which was written: "
                    + "this end is closed, since the rest of it cannot follow");
        }
        if (peerClosed() || idles % IDLES_PER_LIFE_CHECK == 0 && !ProcessToken.isAlive(peerToken)) {
            peerGone = true;
            throw new ConnectionEOFException("the other end of the pipe is closed");
        }
        writerIdle.idle();
    }

    /** The writer's half of the no-lost-wake-up protocol (see the class comment). */
    private void ringIfAsleep() {
        VarHandle.fullFence();
        // a plain load: the full fence orders it after the commit (and is fast before the JIT, see SpscRing)
        if (mapped.getInt(peerSleepingWord) != 0 && Mem.INT.compareAndSet(mapped, peerSleepingWord, 1, 0)) {
            try {
                doorbell.send(BELL, NOTHING, 0, 0);
            } catch (ConnectionEOFException | IllegalStateException gone) {
                // the peer is gone, or this end closed meanwhile: no one to wake
            }
        }
    }

    /** Whether the peer closed or is gone; an acquire load, so that what it wrote before is seen after. */
    private boolean peerClosed() {
        if (peerGone) {
            return true;
        }
        int closedByPeer = mapped.getInt(peerClosedWord);
        VarHandle.acquireFence();
        return closedByPeer != 0;
    }

    // ---- receiving

    @Override
    public Message receive(long timeoutNanos) {
        lockForRead(timeoutNanos);
        try {
            requireOpenOrFilled();
            if (!awaitFilled(timeoutNanos)) {
                return null;
            }
            if (next == null) {
                throw new ConnectionEOFException("the other end of the pipe closed");
            }
            Message m = next;
            next = null;
            return m;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean ready() {
        if (!readLock.tryLock()) {
            return false; // another thread is receiving: what comes is its
        }
        try {
            requireOpenOrFilled();
            if (fill()) {
                return true;
            }
            pollDoorbell();
            return fill();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean awaitReady(long timeoutNanos) {
        long start = System.nanoTime();
        try {
            lockForRead(timeoutNanos);
        } catch (io.ipc4j.IpcTimeoutException anotherThreadReceives) {
            return false; // what comes is that thread's: nothing is ready for this one within the time
        }
        try {
            requireOpenOrFilled();
            return awaitFilled(timeoutNanos < 0 ? timeoutNanos : Math.max(0, timeoutNanos - (System.nanoTime() - start)));
        } finally {
            readLock.unlock();
        }
    }

    private void requireOpenOrFilled() {
        if (closed && next == null && !eof) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    private void lockForRead(long timeoutNanos) {
        try {
            if (timeoutNanos < 0) {
                readLock.lockInterruptibly();
            } else if (!readLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new IpcTimeoutException("another thread is receiving on this connection");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while receiving");
        }
    }

    /**
     * Spins (while spinning pays, see {@link ReaderSpin}), then yields, while the peer may
     * answer soon, then blocks on the doorbell; {@code spinNanos} bounds spinning and
     * yielding together.
     */
    private boolean awaitFilled(long timeoutNanos) {
        if (fill()) {
            return true;
        }
        long start = System.nanoTime();
        long spinPhase = readerSpin.nextSpinNanos();
        long yields = 0;
        while (true) {
            long waited = System.nanoTime() - start;
            if (timeoutNanos >= 0 && waited >= timeoutNanos) {
                return false;
            }
            boolean spun = waited < spinPhase;
            if (spun) {
                Thread.onSpinWait();
            } else if (waited < spinNanos && yields++ < MAX_YIELDS) {
                Thread.yield();
            } else {
                park(timeoutNanos < 0 ? -1 : timeoutNanos - waited);
            }
            if (fill()) {
                readerSpin.ended(spun);
                return true;
            }
        }
    }

    /**
     * The reader's half of the no-lost-wake-up protocol (see the class comment). On the way
     * out the reader takes its sleeping word back; if a writer took it first, that writer's
     * ring is in the socket or on its way, and is read here, so that no stale ring is left
     * to wake a later park for nothing.
     */
    private void park(long timeoutNanos) {
        Mem.INT.setVolatile(mapped, sleepingWord, 1);
        VarHandle.fullFence();
        try {
            boolean rung = false;
            if (in.isEmpty() && !peerClosed() && !closed) {
                rung = doorbell.receive(timeoutNanos < 0 ? -1 : Math.max(1, timeoutNanos)) != null;
            }
            if (!Mem.INT.compareAndSet(mapped, sleepingWord, 1, 0) && !rung) {
                doorbell.receive(-1); // the writer is between clearing the word and ringing
            }
        } catch (ConnectionEOFException | IllegalStateException ended) {
            if (!closed) {
                peerGone = true;
            }
            Mem.INT.setVolatile(mapped, sleepingWord, 0);
        } catch (RuntimeException interrupted) {
            Mem.INT.setVolatile(mapped, sleepingWord, 0); // at worst one ring stays for the next park
            throw interrupted;
        }
    }

    /** Takes a ring the peer sent, or learns that it is gone, without blocking. */
    private void pollDoorbell() {
        try {
            if (doorbell.ready()) {
                doorbell.receive(0);
            }
        } catch (ConnectionEOFException | IllegalStateException ended) {
            if (!closed) {
                peerGone = true;
            }
        }
    }

    /**
     * Takes fragments until a whole message is in {@link #next}; never blocks.
     *
     * @return whether a message or the end of the stream is there
     */
    private boolean fill() {
        if (next != null || eof) {
            return true;
        }
        if (closed) {
            throw new ConnectionEOFException("this end of the pipe was closed while receiving");
        }
        if (takeFragments()) {
            return true;
        }
        if (peerClosed()) {
            // everything the peer wrote before it closed is in the ring by now
            if (takeFragments()) {
                return true;
            }
            eof = true;
            return true;
        }
        return false;
    }

    private boolean takeFragments() {
        // one record at a time, so that a whole message stops the loop
        while (next == null && in.next()) {
            try {
                onFragment(in.type(), in.payloadAt(), in.length());
            } finally {
                in.release();
            }
        }
        return next != null;
    }

    private void onFragment(int type, int index, int length) {
        byte tag = (byte) type;
        switch (type >>> 8) {
            case WHOLE -> {
                byte[] body = new byte[length];
                mapped.get(index, body, 0, length);
                next = new Message(tag, body);
                return;
            }
            case FIRST -> {
                int total = mapped.getInt(index);
                if (total < 0 || total + 1 > maxFrameBytes) {
                    throw new FrameTooLargeException("received a message of " + total + " bytes, above the limit of "
                            + maxFrameBytes + " bytes");
                }
                assembling = new byte[total];
                assemblingTag = tag;
                filled = 0;
                index += Integer.BYTES;
                length -= Integer.BYTES;
            }
            case MORE -> {
                if (assembling == null) {
                    throw new IpcException("a pipe fragment came without its beginning");
                }
            }
            default -> throw new IpcException("unknown pipe record type " + type);
        }
        int n = Math.min(length, assembling.length - filled);
        mapped.get(index, assembling, filled, n);
        filled += n;
        if (filled == assembling.length) {
            next = new Message(assemblingTag, assembling);
            assembling = null;
        }
    }

    // ---- closing

    /**
     * Marks this end closed in the segment and closes the doorbell socket, which wakes
     * this end's blocked reader and gives the peer's the end of the stream. The segment is
     * unmapped by the garbage collector once nothing here holds this channel.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Mem.INT.setVolatile(mapped, closedWord, 1);
        doorbell.close();
    }
}
