package io.ipc4j.chronicle;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.WriteLock;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The putting side of one process: one Chronicle appender, used by one thread at a time,
 * made by the first put (making one takes the write lock, which a process that only takes
 * never needs, and which may time out while another process holds it: then that put waits
 * and tries again, as it does for a lock held during an append).
 * Appending takes Chronicle's write lock, shared by every process through the metadata
 * table; a bounded queue counts its backlog while it holds that lock, so that two
 * producers cannot both fill the last free place.
 */
final class Appends {
    private static final Logger LOG = LoggerFactory.getLogger(Appends.class);
    private final QueueFiles files;
    private final ReentrantLock lock = new ReentrantLock();
    private ExcerptAppender appender;
    private int appendersMade;

    Appends(QueueFiles files) {
        this.files = files;
    }

    /** Called with {@link #lock} held. */
    private ExcerptAppender appender() {
        if (appender == null) {
            appender = files.queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
            appendersMade++;
        }
        return appender;
    }

    /**
     * Closes this process's appender, if it has one, so that the next append makes another, as
     * a process's first append does. For the warm-up: a hot path the JIT compiled having never
     * seen a new appender is thrown out at a real queue's first put and compiled again meanwhile.
     */
    void closeAppender() {
        lock.lock();
        try {
            if (appender != null) {
                try {
                    appender.close();
                } finally {
                    appender = null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many appenders this process has made for this queue. */
    int appendersMade() {
        lock.lock();
        try {
            return appendersMade;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends one serialized item unless the queue holds {@code maxsize} items already.
     * On a joinable queue the unfinished count goes up before the excerpt is committed: a
     * producer killed in between leaves the count one too high (so {@code join} waits),
     * never too low.
     *
     * @param maxsize 0 for no bound
     * @return false when the queue is full; nothing was written
     * @throws net.openhft.chronicle.wire.UnrecoverableTimeoutException when a live process held the write lock too long
     */
    boolean tryAppend(byte[] item, int length, int maxsize, boolean joinable) {
        if (maxsize > 0 && files.backlog() >= maxsize) {
            return false; // seen without the write lock: opening a document could make a new cycle's file for nothing
        }
        return appendLocked(item, length, 0, maxsize, joinable);
    }

    /**
     * {@link #tryAppend} of an Integer, written as {@link BoxedInts} writes it straight into the
     * excerpt: no buffer of this thread, no copy.
     */
    boolean tryAppendInt(int item, int maxsize, boolean joinable) {
        if (maxsize > 0 && files.backlog() >= maxsize) {
            return false;
        }
        return appendLocked(null, 0, item, maxsize, joinable);
    }

    /** {@link #tryAppend} once the queue did not look full: checks again under the write lock. */
    boolean tryAppendLocked(byte[] item, int length, int maxsize, boolean joinable) {
        return appendLocked(item, length, 0, maxsize, joinable);
    }

    /** Writes {@code item[0, length)}, or when {@code item} is null the Integer {@code boxedInt}. */
    private boolean appendLocked(byte[] item, int length, int boxedInt, int maxsize, boolean joinable) {
        lock.lock();
        try {
            try (DocumentContext dc = writingDocument()) {
                try {
                    if (maxsize > 0 && files.backlogBefore(dc.index()) >= maxsize) {
                        dc.rollbackOnClose();
                        return false;
                    }
                    if (item == null) {
                        BoxedInts.write(dc.wire().bytes(), boxedInt);
                    } else {
                        dc.wire().bytes().write(item, 0, length);
                    }
                    if (joinable) {
                        files.unfinished.addAtomicValue(1);
                    }
                } catch (RuntimeException | Error e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            files.appended(); // committed
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Chronicle's {@code writingDocument}, tried again after it failed on a cycle file whose maker
     * was killed before it finished the file's header. Nothing was written. Two ways:
     * <ul>
     * <li>an appender that rolls past such a file finds no store for it and throws a
     *     {@link NullPointerException} from {@code rollCycleTo}, having released the write lock;
     * <li>a new appender, marking the ends of older cycles, times out reading the file's header
     *     and throws a {@link TimeoutException} (undeclared) when another process renamed the
     *     file first; as that is not unchecked, Chronicle leaves its write lock held by this
     *     process, and it is released here.
     * </ul>
     * The file is renamed {@code *.discard} (it can hold no item) meanwhile, and the next call rolls on.
     */
    private DocumentContext writingDocument() {
        ExcerptAppender a = appender();
        for (int attempt = 1; ; attempt++) {
            try {
                return a.writingDocument();
            } catch (NullPointerException unfinishedCycleFile) {
                if (attempt == 3) {
                    throw unfinishedCycleFile;
                }
                LOG.debug("Chronicle's appender failed to roll past an unfinished cycle file in {}; trying again",
                        files.dir, unfinishedCycleFile);
            } catch (Exception e) {
                if (!(e instanceof TimeoutException) || attempt == 3) {
                    throw e;
                }
                releaseWriteLockHeldHere();
                LOG.debug("Chronicle's appender timed out on an unfinished cycle file in {}; trying again",
                        files.dir, e);
            }
        }
    }

    /**
     * Releases Chronicle's write lock if this process holds it (only this object appends here, but
     * for the warm-up's queue shared with another appender, whose new files no one leaves unfinished).
     */
    private void releaseWriteLockHeldHere() {
        try {
            Method writeLock = SingleChronicleQueue.class.getDeclaredMethod("writeLock");
            writeLock.setAccessible(true);
            WriteLock lock = (WriteLock) writeLock.invoke(files.queue);
            if (lock.isLockedByCurrentProcess(otherPid -> { })) {
                lock.unlock();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot release the write lock of the Chronicle queue in " + files.dir
                    + " after a timeout on an unfinished cycle file", e);
        }
    }
}
