package io.ipc4j.mmap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader blocks in a plain {@code read} of a FIFO that belongs to its registry slot,
 * {@code fifo-<slot index>} in the context's directory (made by the coordinator, see
 * {@link Doorbell#makeFifos}): between two JVMs on the 2-core VM a thread blocked so wakes
 * 3.6–6 µs after the write, one in a selector 8–16 µs. A read has no timeout, so a timer
 * thread rings the FIFO itself when the reader's time is up; an interrupt closes the
 * channel (it is interruptible) and ends the read, and the next reader opens it again.
 *
 * <p>A ringer writes a byte only if it turns the slot's rung word from 0 to 1, and the
 * reader sets it back to 0 after each read that returned bytes, before it looks again:
 * a ringer that finds the word at 1 knows a byte is unread, whose read the reader's next
 * look follows. So a FIFO holds a few bytes at most (a ring's, the timer's, one a dead
 * owner of the slot left), which cost a spurious wake-up, and a write never blocks.
 */
final class FifoEar implements Ear {
    static final long KIND = 1;

    private final Path fifo;
    private final ByteBuffer registry;
    private final int rungAt;
    /** Held open for the ear's life, so unread bytes outlive a read end closed by an interrupt; rings this process. */
    private final RandomAccessFile keeper;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64);
    private volatile FileChannel in;
    private volatile boolean closed;

    /** The reader's deadline ({@link System#nanoTime}), 0 while none waits. */
    private volatile long deadline;
    /** When the timer thread wakes by itself; {@link Long#MAX_VALUE} when only {@link #arm} wakes it. */
    private volatile long timerWakes = Long.MAX_VALUE;
    private Thread timer;

    FifoEar(Path fifo, ByteBuffer registry, int rungAt) throws IOException {
        if (!isFifo(fifo)) {
            throw new IOException(fifo + " is not a FIFO");
        }
        this.fifo = fifo;
        this.registry = registry;
        this.rungAt = rungAt;
        this.keeper = openForRinging(fifo);
    }

    static boolean isFifo(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException gone) {
            return false;
        }
    }

    /** The reader's end. Read and write, so that opening never waits for the other side, as a FIFO opened one way does. */
    private static FileChannel openForReading(Path fifo) throws IOException {
        return FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * The end a ringer writes to: a {@link RandomAccessFile}, whose writes an interrupt
     * neither stops nor closes, where a {@link FileChannel} shared by the threads of a
     * process would be closed for all of them by an interrupt of one in the middle of a
     * write. Read and write, so that opening never waits for a reader; checked to be the
     * FIFO first, since "rw" would make a plain file where there is none.
     */
    static RandomAccessFile openForRinging(Path fifo) throws IOException {
        if (!isFifo(fifo)) {
            throw new IOException(fifo + " is not a FIFO");
        }
        return new RandomAccessFile(fifo.toFile(), "rw");
    }

    /** Rings the FIFO whose rung word is at {@code rungAt}, through {@code f}, unless a byte is unread there already. */
    static void ring(RandomAccessFile f, ByteBuffer registry, int rungAt) throws IOException {
        if (!Mem.LONG.compareAndSet(registry, rungAt, 0L, 1L)) {
            return;
        }
        try {
            f.write(1);
        } catch (IOException e) {
            Mem.LONG.setVolatile(registry, rungAt, 0L);
            throw e;
        }
    }

    @Override
    public long kind() {
        return KIND;
    }

    @Override
    public void beforeLastLook() {
        // nothing to drain: a ring after the last look leaves a byte, and the read returns at once
    }

    @Override
    public void await(long nanos) {
        try {
            FileChannel r = readEnd(nanos);
            if (r == null) {
                LockSupport.parkNanos(this, Math.min(nanos, 1_000_000));
                return;
            }
            try {
                scratch.clear();
                if (r.read(scratch) > 0) {
                    Mem.LONG.setVolatile(registry, rungAt, 0L);
                }
            } finally {
                deadline = 0;
            }
        } catch (ClosedByInterruptException interrupted) {
            // The thread's interrupt status is set: its caller sees it. The read may have taken a
            // ring's byte before the interrupt ended it, so the word goes back to 0 as after a read.
            in = null;
            Mem.LONG.setVolatile(registry, rungAt, 0L);
        } catch (IOException e) {
            // closed with its context, or broken: look again soon rather than spin
            in = null;
            LockSupport.parkNanos(this, Math.min(nanos, 1_000_000));
        }
    }

    /**
     * The read end, opened if an interrupt closed it, with the timer armed for
     * {@code nanos}; null once the ear is closed. Under the ear's lock, so that a close
     * either sees the channel (and closing it ends the read) or is seen here.
     */
    private synchronized FileChannel readEnd(long nanos) throws IOException {
        if (closed) {
            return null;
        }
        FileChannel r = in;
        if (r == null) {
            r = openForReading(fifo);
            in = r;
        }
        arm(nanos);
        return r;
    }

    @Override
    public void wakeReader() {
        ringSelf();
    }

    private void ringSelf() {
        try {
            ring(keeper, registry, rungAt);
        } catch (IOException closedWithTheContext) {
            // nothing waits any more
        }
    }

    /** Called with the ear's lock held. */
    private void arm(long nanos) {
        long d = System.nanoTime() + nanos;
        deadline = d == 0 ? 1 : d;
        if (timer == null) {
            timer = new Thread(this::runTimer, "ipc4j-doorbell-timer");
            timer.setDaemon(true);
            timer.start();
            return;
        }
        long wakes = timerWakes;
        if (wakes == Long.MAX_VALUE || d - wakes < 0) {
            LockSupport.unpark(timer);
        }
    }

    /**
     * Rings this process's FIFO when a reader's deadline passes. It wakes at the earliest
     * deadline it knows of; a later reader's deadline it finds then, so a steady stream of
     * waits costs it one wake-up each time a deadline passes, not one a wait.
     */
    private void runTimer() {
        long rang = 0;
        while (!closed) {
            long d = deadline;
            if (d == 0 || d == rang) {
                timerWakes = Long.MAX_VALUE;
                if (deadline == d) {
                    LockSupport.park(this);
                }
                continue;
            }
            long left = d - System.nanoTime();
            if (left > 0) {
                timerWakes = d;
                if (deadline == d) {
                    LockSupport.parkNanos(this, left);
                }
                continue;
            }
            ringUngated();
            rang = d;
        }
    }

    /**
     * The timer's ring writes whatever the rung word says: a ringer killed between turning
     * it to 1 and writing leaves it at 1 with no byte, and only a read that returns bytes
     * turns it back. It writes once a deadline passes, just before (or while) a read that
     * takes up to 64 bytes, so unread bytes stay few.
     */
    private void ringUngated() {
        try {
            keeper.write(1);
        } catch (IOException closedWithTheContext) {
            // nothing waits any more
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            LockSupport.unpark(timer);
        }
        try {
            // closing the channels ends a read in progress (AsynchronousCloseException)
            FileChannel r = in;
            if (r != null) {
                r.close();
            }
            keeper.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
