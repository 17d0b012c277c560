package io.ipc4j.chronicle;

import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * One process's attachment to the files of one queue: the Chronicle queue, the two
 * shared words every process of the queue works with, and this process's appending and
 * taking sides. Handles for the same directory share one attachment, counted; the last
 * handle to close it (or the context that made the queue) unmaps it, and so does the
 * collector once no handle of this process reaches it.
 *
 * <p>The shared words live in Chronicle's metadata table ({@code metadata.cq4t}), a
 * memory-mapped file every process maps: {@code ipc4j.claimed} is the index of the last
 * item taken ({@link #NONE} before the first), the commit point of every get, and
 * {@code ipc4j.unfinished} counts the items of a joinable queue not yet marked done.
 */
final class QueueFiles {
    /** {@code ipc4j.claimed} before anything was taken: index 0 would be an item of 1970. */
    static final long NONE = 0;
    /**
     * Chronicle's write-lock timeout; a lock whose holder died is recovered after about 1.5 times
     * this (0.75 s measured). A live holder keeps it: a waiter past this only tries again.
     */
    static final long WRITE_LOCK_TIMEOUT_MS = 500;
    static final String METADATA = "metadata.cq4t";

    private static final Map<Path, Attached> ATTACHED = new HashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();
    /** Queues mapped here past which a new one first asks for a collection, as the JDK does for direct buffers. */
    private static final int COLLECT_ABOVE = 64;
    private static int collectAt = COLLECT_ABOVE;

    final Path dir;
    final SingleChronicleQueue queue;
    final RollCycle rollCycle;
    final LongValue claimed;
    final LongValue unfinished;
    final Appends appends;
    final Takes takes;
    private final CycleSweeper sweeper;
    private final CycleCounts counts;
    private int users;
    /**
     * Operations on the mapped files hold it shared; unmapping holds it alone, so that no thread reads
     * unmapped memory. A stamped lock: a read lock is one compare-and-swap, where a reentrant one also
     * counts its holds per thread (a tenth of a put's cost). Nothing holding it takes it again.
     */
    private final StampedLock mapping = new StampedLock();
    private boolean unmapped;

    private QueueFiles(Path dir, RollCycle rollCycle) {
        this.dir = dir;
        this.queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                .timeoutMS(WRITE_LOCK_TIMEOUT_MS)
                .pauserSupplier(WriteLockPauser::new)
                .build();
        try {
            this.rollCycle = queue.rollCycle();
            this.claimed = queue.indexForId("ipc4j.claimed");
            this.unfinished = queue.indexForId("ipc4j.unfinished");
            this.sweeper = new CycleSweeper(queue);
            this.counts = new CycleCounts(queue);
            this.appends = new Appends(this);
            this.takes = new Takes(this);
        } catch (RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    /**
     * Attaches this process to the queue in {@code dir}, one more user. A queue its context
     * frees when unused ({@link QueueLifetime}) is held by this process from now until these
     * files are released, or collected once no handle reaches them.
     *
     * @param create whether to make the queue's files; otherwise they must exist
     * @throws IllegalStateException when the files are gone (the context that made the queue
     *         closed it, or freed it once nothing reached it)
     */
    static QueueFiles attach(Path dir, String rollCycle, boolean create) {
        ChronicleRuntime.prepare();
        ChronicleLogs.install();
        synchronized (ATTACHED) {
            Attached a = ATTACHED.get(dir);
            QueueFiles files = a == null ? null : a.files().get();
            if (files == null) {
                if (a != null) {
                    a.release().run(); // collected, and its release may not have run yet: it goes first
                }
                if (ATTACHED.size() >= collectAt) {
                    collectDropped();
                }
                if (!create && !Files.exists(dir.resolve(METADATA))) {
                    throw gone(dir);
                }
                boolean tracked = QueueLifetime.tracked(dir);
                if (tracked && !create && !QueueLifetime.hold(dir)) { // its maker holds a new queue already
                    throw gone(dir);
                }
                try {
                    files = new QueueFiles(dir, RollCycleNames.of(rollCycle));
                } catch (RuntimeException | Error e) {
                    if (tracked) {
                        QueueLifetime.unhold(dir);
                    }
                    throw e;
                }
                Release release = new Release(dir, files.queue, tracked, new AtomicBoolean());
                ATTACHED.put(dir, new Attached(new WeakReference<>(files), release));
                CLEANER.register(files, release);
            }
            files.users++;
            return files;
        }
    }

    private static IllegalStateException gone(Path dir) {
        return new IllegalStateException("the Chronicle queue in " + dir + " no longer exists: the context that"
                + " made it has closed it, or freed it once no handle to it was left in any process");
    }

    /**
     * A process handed many queues that it drops may allocate too little for the collector
     * ever to run: past a bound it collects, and lets go of the queues no handle reaches.
     */
    private static void collectDropped() {
        System.gc();
        for (Attached a : ATTACHED.values().toArray(new Attached[0])) {
            if (a.files().get() == null) {
                a.release().run();
            }
        }
        collectAt = Math.max(COLLECT_ABOVE, 2 * ATTACHED.size());
    }

    /** One user fewer; the last one unmaps the queue. */
    void release() {
        Release r = null;
        synchronized (ATTACHED) {
            Attached a = ATTACHED.get(dir);
            if (--users == 0 && a != null && a.files().get() == this) {
                r = a.release();
            }
        }
        if (r != null) {
            unmapWith(r);
        }
    }

    /** Unmaps the queue in {@code dir} in this process whatever its users, before its files are deleted. */
    static void detachAll(Path dir) {
        Attached a;
        synchronized (ATTACHED) {
            a = ATTACHED.get(dir);
        }
        if (a != null) {
            QueueFiles files = a.files().get();
            if (files != null) {
                files.unmapWith(a.release());
            } else {
                a.release().run();
            }
        }
    }

    /**
     * Runs {@code operation} on the mapped files. A close in another thread of this process
     * waits for it to end before it unmaps them (reading unmapped memory would crash the JVM).
     *
     * @throws IllegalStateException when this process unmapped the queue already
     */
    <T> T whileMapped(Supplier<T> operation) {
        long stamp = enter();
        try {
            return operation.get();
        } finally {
            exit(stamp);
        }
    }

    /**
     * {@link #whileMapped} without a lambda, for the paths of every put and get: the mapped files
     * stay mapped until {@link #exit} with the stamp returned.
     *
     * @throws IllegalStateException when this process unmapped the queue already
     */
    long enter() {
        long stamp = mapping.readLock();
        if (unmapped) {
            mapping.unlockRead(stamp);
            throw new IllegalStateException("the Chronicle queue in " + dir + " was closed in this process");
        }
        return stamp;
    }

    /** Ends what {@link #enter} began. */
    void exit(long stamp) {
        mapping.unlockRead(stamp);
    }

    /** Runs {@code release} (which unmaps the files) once no operation runs on them, and lets none start after. */
    private void unmapWith(Runnable release) {
        long stamp = mapping.writeLock();
        try {
            unmapped = true;
            release.run();
        } finally {
            mapping.unlockWrite(stamp);
        }
    }

    /** How many queues this process has mapped: for tests of their lifetime. */
    static int attachedCount() {
        synchronized (ATTACHED) {
            return ATTACHED.size();
        }
    }

    private record Attached(WeakReference<QueueFiles> files, Release release) {
    }

    /**
     * Unmaps a queue in this process and stops holding it, once. Refers to no
     * {@link QueueFiles}, so that it can run when those are collected.
     */
    private record Release(Path dir, SingleChronicleQueue queue, boolean tracked, AtomicBoolean done)
            implements Runnable {
        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            synchronized (ATTACHED) {
                Attached a = ATTACHED.get(dir);
                if (a != null && a.release() == this) {
                    ATTACHED.remove(dir);
                }
                // Under the lock: a newer attachment of this process (made while the collector ran this)
                // holds the queue with the same file, which must stay.
                if (tracked && (a == null || a.release() == this)) {
                    QueueLifetime.unhold(dir);
                }
            }
            queue.close();
        }
    }

    /**
     * Records what kind of queue these files hold (its maxsize, whether it is joinable) when
     * they are new, or checks that they hold that kind.
     *
     * @throws IllegalArgumentException when the files hold a queue of another kind
     */
    void claimShape(int maxsize, boolean joinable) {
        LongValue shape = queue.indexForId("ipc4j.shape");
        long wanted = shapeOf(maxsize, joinable);
        if (!shape.compareAndSwapValue(0, wanted) && shape.getVolatileValue() != wanted) {
            long had = shape.getVolatileValue();
            throw new IllegalArgumentException("the Chronicle queue in " + dir + " holds a queue with maxsize "
                    + (int) had + (hasFlag(had, JOINABLE) ? ", joinable" : ", not joinable") + "; asked for maxsize "
                    + maxsize + (joinable ? ", joinable" : ", not joinable"));
        }
    }

    private static final long SHAPE_SET = 1L << 62;
    private static final long JOINABLE = 1L << 32;

    private static long shapeOf(int maxsize, boolean joinable) {
        return SHAPE_SET | (joinable ? JOINABLE : 0) | maxsize;
    }

    private static boolean hasFlag(long shape, long flag) {
        return (shape & flag) != 0;
    }

    /** Items put and not yet taken. */
    long backlog() {
        while (true) {
            long c = claimed.getVolatileValue();
            try {
                return counts.itemsAfter(c);
            } catch (RuntimeException e) {
                if (claimed.getVolatileValue() == c) {
                    throw e;
                }
                // another process took on into a new cycle and deleted the one counted from: count again
            }
        }
    }

    /**
     * Items put and not taken before the item about to be written at {@code next}: the
     * excerpts strictly after the claimed one and before {@code next}.
     */
    long backlogBefore(long next) {
        while (true) {
            long c = claimed.getVolatileValue();
            try {
                return counts.between(c, next);
            } catch (RuntimeException e) {
                if (claimed.getVolatileValue() == c) {
                    throw e;
                }
            }
        }
    }

    /** This process is appending an item: counts find the end again. */
    void appended() {
        counts.appended();
    }

    /** A get just claimed {@code taken}, the first item of its cycle this queue gave out: older cycles are done. */
    void enteredCycle(long taken) {
        sweeper.deleteBefore(rollCycle.toCycle(taken));
        counts.cyclesDeletedBefore(rollCycle.toCycle(taken));
    }
}
