package io.ipc4j.chronicle;

import io.ipc4j.QueueEmptyException;
import io.ipc4j.internal.wire.ObjectCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Readies this JVM for Chronicle queues before it needs one: a JVM's first queue costs it
 * Chronicle's class initialization (hundreds of milliseconds, seconds on a busy machine) and
 * its first items run interpreted. Putting and taking tens of thousands of items through a
 * scratch queue of its own, deleted afterwards, loads every class of both paths and has the
 * JIT compile them, off the path of the first real item. Once per JVM; never throws.
 */
final class ChronicleWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleWarmUp.class);
    private static final int BATCH = 256;
    /** How long the producer of the warm-up waits before its first put. */
    private static final long FIRST_PUT_DELAY_NANOS = 2_000_000;
    /** How long the warm-up waits for an item, or for room to put one, before it gives up. */
    private static final long STALL_SECONDS = 5;
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(STALL_SECONDS);
    /** How often a take of the warm-up, waiting, checks that its producer lives. */
    private static final Duration TAKE_WAIT = Duration.ofMillis(100);
    /** How long the JIT must have compiled nothing for the warm-up to end. */
    private static final long QUIET_NANOS = 200_000_000;
    /**
     * New queues the warm-up goes through briefly, and how many items each: a real queue's first
     * put and take run branches a queue already in use never does (no cycle file yet, a tailer
     * that has found nothing, a new appender). The JIT compiles a path whose profile never saw a
     * branch without it, and a real queue's first item then throws that code out: the rest of
     * a short run goes at a third of the speed while it compiles it again.
     */
    private static final int NEW_QUEUES = 6;
    private static final int NEW_QUEUE_ITEMS = 2 * BATCH;
    /** How often the warm-up's producer starts on a new appender, as a process's first put does. */
    private static final int NEW_APPENDER_EVERY = 64;
    /**
     * Items each of the contended round's two appenders puts; the round goes again, a few times at
     * most, until the handle's get has lost claims to the other taker (they race only while both
     * run at once, which two threads on two busy cores often do not).
     */
    private static final int CONTENDED_ITEMS = 4 * BATCH;
    private static final int CONTENDED_ROUNDS = 4;
    private static final int CONTENDED_LOST_CLAIMS = 32;
    private static final BooleanSupplier NEVER = () -> false;
    private static volatile boolean done;
    private static boolean started;

    private ChronicleWarmUp() {
    }

    /** Whether a warm-up of this JVM has finished. */
    static boolean done() {
        return done;
    }

    /**
     * Warms this JVM up in a scratch queue made in {@code parent}, unless it was already;
     * returns when done.
     *
     * @param minItems how many items to put and take at least
     * @param maxItems how many at most, when the JIT has not gone quiet before
     */
    static void run(Path parent, int minItems, int maxItems) {
        run(parent, minItems, maxItems, NEVER);
    }

    /** {@link #run(Path, int, int)}, giving up at its next batch once {@code stopped} says so. */
    static void run(Path parent, int minItems, int maxItems, BooleanSupplier stopped) {
        synchronized (ChronicleWarmUp.class) {
            if (started) {
                return;
            }
            started = true;
        }
        try {
            warmIn(parent, minItems, maxItems, stopped);
        } finally {
            if (stopped.getAsBoolean()) {
                synchronized (ChronicleWarmUp.class) {
                    started = false; // its context closed first: the next context's warms this JVM up
                }
            } else {
                done = true;
            }
        }
    }

    /**
     * One warm-up in scratch queues under {@code parent}, which must exist: when the context
     * closed and deleted it first, nothing is made (a {@code createDirectories} here left an
     * empty queue root in {@code /dev/shm} behind every such race).
     */
    static void warmIn(Path parent, int minItems, int maxItems) {
        warmIn(parent, minItems, maxItems, NEVER);
    }

    /** {@link #warmIn(Path, int, int)}, giving up at its next batch once {@code stopped} says so. */
    static void warmIn(Path parent, int minItems, int maxItems, BooleanSupplier stopped) {
        long t0 = System.nanoTime();
        Path dir = parent.resolve("warm-up-" + ProcessHandle.current().pid());
        try {
            ChronicleQueueHandle<Integer> q = newQueue(dir);
            byte[] handle;
            try {
                q.attachAsMaker();
                warm(q, minItems, maxItems, jitClock(), QUIET_NANOS, stopped);
                handle = ObjectCodec.toBytes(q);
            } finally {
                release(q);
            }
            for (int i = 0; i < NEW_QUEUES && !stopped.getAsBoolean(); i++) {
                warmInNewQueue(parent.resolve(dir.getFileName() + "-" + i), stopped);
            }
            if (!stopped.getAsBoolean()) {
                warmContended(parent.resolve(dir.getFileName() + "-contended"), stopped);
            }
            if (!stopped.getAsBoolean()) {
                arrive(handle, minItems, maxItems, stopped);
            }
            LOG.debug("Chronicle warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException | LinkageError | InternalError e) {
            // the context closed meanwhile, or no space (a fault in the mapped file when /dev/shm is full):
            // the first real queue pays instead
            LOG.debug("could not warm Chronicle up in {}", dir, e);
        } finally {
            ChronicleQueues.deleteTree(dir);
        }
    }

    /** A short round in a new queue of its own, made in {@code dir} and deleted afterwards. */
    private static void warmInNewQueue(Path dir, BooleanSupplier stopped) throws IOException {
        inNewQueue(dir, q -> warm(q, NEW_QUEUE_ITEMS, NEW_QUEUE_ITEMS, null, QUIET_NANOS, stopped));
    }

    /**
     * Rounds in a new queue of its own where two appenders and two takers compete (see
     * {@link ContendedRound}), until the handle's {@code get} has lost claims to the other taker.
     */
    private static void warmContended(Path dir, BooleanSupplier stopped) throws IOException {
        inNewQueue(dir, q -> {
            Takes takes = q.attachedFiles().takes;
            for (int i = 0; i < CONTENDED_ROUNDS && takes.lostRaces() < CONTENDED_LOST_CLAIMS; i++) {
                ContendedRound.run(q, CONTENDED_ITEMS, PUT_TIMEOUT, () -> stopped.getAsBoolean() || !exists(q));
            }
        });
    }

    /** Runs {@code rounds} on a new queue made in {@code dir}, then unmaps and deletes it. */
    private static void inNewQueue(Path dir, Consumer<ChronicleQueueHandle<Integer>> rounds) throws IOException {
        try {
            ChronicleQueueHandle<Integer> q = newQueue(dir);
            try {
                q.attachAsMaker();
                rounds.accept(q);
            } finally {
                release(q);
            }
        } finally {
            ChronicleQueues.deleteTree(dir);
        }
    }

    /** A handle to a new queue in {@code dir}, made here; its parent must exist (see {@link #warmIn}). */
    private static ChronicleQueueHandle<Integer> newQueue(Path dir) throws IOException {
        Files.createDirectory(dir);
        QueueLifetime.prepare(dir);
        return new ChronicleQueueHandle<>(dir, 0, false, ChronicleQueues.DEFAULT_ROLL_CYCLE, 1 << 10);
    }

    /** Closes {@code q} and unmaps its files. */
    private static void release(ChronicleQueueHandle<Integer> q) {
        q.close();
        QueueFiles.detachAll(q.directory());
    }

    /**
     * Takes the steps of a handle arriving in a process that has not mapped its queue, then
     * warms up again through it. A target's first queue comes so: reading the handle, holding
     * the queue and opening files another process made load classes and run code the maker's
     * path does not (ten milliseconds or more of its first item, cold). And the first put and
     * take of a queue new to a process take branches no later one does (no appender yet, no
     * chunk of the file mapped): a hot path compiled without them is thrown out there and
     * compiled again, better here than in the target.
     */
    private static void arrive(byte[] handle, int minItems, int maxItems, BooleanSupplier stopped) {
        @SuppressWarnings("unchecked")
        ChronicleQueueHandle<Integer> arrived = (ChronicleQueueHandle<Integer>) ObjectCodec.fromBytes(handle);
        try {
            warm(arrived, minItems, maxItems, jitClock(), QUIET_NANOS, stopped);
        } finally {
            release(arrived);
        }
    }

    /** The JIT's total compilation time so far, in ms, or null when this JVM does not say. */
    private static LongSupplier jitClock() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
    }

    /**
     * Puts items from a thread of its own while this thread takes them, until the JIT has
     * compiled nothing for {@code quietNanos} (then the hot path is compiled: a fixed count left
     * it interpreted or half-compiled on a busy machine, where the compiler threads lag behind),
     * after at least {@code minItems} and at most {@code maxItems} (whole batches). Without a
     * {@code jitClock}, takes {@code minItems} rounded up to a batch. Putting and taking at
     * once, as a producer and a consumer in two processes do, the taker often finds the queue
     * empty and waits, and items of every size cross the boundaries of the mapped chunks:
     * warmed up in turns instead, the JIT compiled paths that these cases then threw out, and
     * the first hundred thousand items of a real queue ran at a third to a half of the speed
     * of the rest while it compiled them again.
     *
     * <p>It gives up with an {@link IllegalStateException} when its queue's files are gone (the
     * context closed meanwhile: putting on would make the directory again), when its producer
     * ended early, when it is stopped (its context closing), or when no item came for
     * {@value #STALL_SECONDS} s.
     *
     * @return how many items it put and took: whole batches, and once it decides to stop short
     *         of {@code maxItems}, the batch its producer was allowed ahead
     */
    static int warm(ChronicleQueueHandle<Integer> q, int minItems, int maxItems, LongSupplier jitClock,
                    long quietNanos) {
        return warm(q, minItems, maxItems, jitClock, quietNanos, NEVER);
    }

    private static int warm(ChronicleQueueHandle<Integer> q, int minItems, int maxItems, LongSupplier jitClock,
                            long quietNanos, BooleanSupplier stopped) {
        if (stopped.getAsBoolean()) {
            throw stopped();
        }
        Producer producer = new Producer(q, maxItems >= 2 * BATCH ? 2 * BATCH : BATCH);
        Thread putting = new Thread(producer, "ipc4j-chronicle-warm-up-put");
        putting.setDaemon(true);
        putting.start();
        long compiled = jitClock == null ? 0 : jitClock.getAsLong();
        long quietSince = System.nanoTime();
        int taken = 0;
        try {
            while (true) {
                for (int i = 0; i < BATCH; i++) {
                    takeOne(q, putting);
                }
                taken += BATCH;
                if (!exists(q)) {
                    throw gone(q);
                }
                if (stopped.getAsBoolean()) {
                    throw stopped();
                }
                if (taken == producer.allowed) {
                    return taken;
                }
                long total = jitClock == null ? compiled : jitClock.getAsLong();
                long now = System.nanoTime();
                if (total != compiled) {
                    compiled = total;
                    quietSince = now;
                }
                boolean quiet = jitClock == null || now - quietSince >= quietNanos;
                if (producer.allowed < maxItems && !(taken >= minItems && quiet)) {
                    producer.allowed += BATCH; // the producer stays one batch ahead
                }
            }
        } finally {
            producer.stop = true;
            try {
                putting.join(TimeUnit.SECONDS.toMillis(STALL_SECONDS)); // a put it makes later could make the files again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes an item, waiting while the producer lives, for {@value #STALL_SECONDS} s at most. */
    private static void takeOne(ChronicleQueueHandle<Integer> q, Thread putting) {
        long start = System.nanoTime();
        while (true) {
            try {
                q.get(TAKE_WAIT);
                return;
            } catch (QueueEmptyException e) {
                if (!putting.isAlive()) {
                    throw !exists(q) ? gone(q) // the producer saw it first
                            : new IllegalStateException("the warm-up's producer ended before it put every item", e);
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    throw new IllegalStateException("no item came to the warm-up for " + STALL_SECONDS + " s", e);
                }
            }
        }
    }

    private static IllegalStateException stopped() {
        return new IllegalStateException("the warm-up was stopped");
    }

    private static IllegalStateException gone(ChronicleQueueHandle<Integer> q) {
        return new IllegalStateException("the warm-up's queue in " + q.directory() + " is gone");
    }

    /** Whether the queue's files are still there. */
    private static boolean exists(ChronicleQueueHandle<Integer> q) {
        return Files.exists(q.directory().resolve(QueueFiles.METADATA));
    }

    /**
     * Puts items of every length until it has put as many as {@link #allowed}, on a new
     * appender every {@value #NEW_APPENDER_EVERY} items.
     */
    private static final class Producer implements Runnable {
        private final ChronicleQueueHandle<Integer> q;
        /** How many items to put in all; only the taking thread raises it, a batch at a time. */
        volatile int allowed;
        volatile boolean stop;

        Producer(ChronicleQueueHandle<Integer> q, int allowed) {
            this.q = q;
            this.allowed = allowed;
        }

        @Override
        public void run() {
            LockSupport.parkNanos(FIRST_PUT_DELAY_NANOS); // the taker waits in a queue still empty, as a consumer does
            try {
                for (int put = 0; !stop; ) {
                    if (put < allowed) {
                        if (put % NEW_APPENDER_EVERY == 0) {
                            if (!exists(q)) {
                                // the context closed: a put rolling to a new cycle, or a new appender's
                                // first put, would make its directory again
                                return;
                            }
                            if (put > 0) {
                                q.closeAppender(); // the next put starts as a process's first put does
                            }
                        }
                        q.put((put & 1) == 0 ? put : put * 1_000_003, PUT_TIMEOUT); // one to five bytes
                        put++;
                    } else {
                        Thread.yield();
                    }
                }
            } catch (RuntimeException | Error e) {
                LOG.debug("the warm-up's producer stopped", e); // its taker gives up too
            }
        }
    }

    /** Runs {@link #run} in a daemon thread. */
    static Background runInBackground(Path parent, int minItems, int maxItems) {
        return new Background(parent, stopped -> run(parent, minItems, maxItems, stopped));
    }

    /**
     * A warm-up running in a daemon thread. Its context stops it before it deletes its queues'
     * root: a warm-up making its next scratch queue meanwhile would leave the root behind, as
     * Chronicle makes a queue's missing directories, parents included.
     */
    static final class Background {
        private static final long STOP_WAIT_SECONDS = 2 * STALL_SECONDS;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        /** Starts {@code warmUp} in scratch queues under {@code parent}, a context's queue root. */
        Background(Path parent, Consumer<BooleanSupplier> warmUp) {
            thread = new Thread(() -> {
                try {
                    warmUp.accept(stop::get);
                } finally {
                    if (stop.get()) {
                        deleteIfEmpty(parent); // its context may have deleted it first, and lost a race
                    }
                }
            }, "ipc4j-chronicle-warm-up");
            thread.setDaemon(true);
            thread.start();
        }

        private static void deleteIfEmpty(Path dir) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException notEmptyOrGone) {
                // not ours to delete then
            }
        }

        /** Whether the warm-up's thread still runs. */
        boolean running() {
            return thread.isAlive();
        }

        /**
         * Stops the warm-up at its next batch and waits for it to end and delete its files,
         * {@value #STOP_WAIT_SECONDS} s at most (then it logs so), also when this thread is
         * interrupted (whose interrupt is kept). A warm-up that ends later deletes its
         * context's queue root if it is empty.
         */
        void stop() {
            stop.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
            boolean interrupted = false;
            while (thread.isAlive() && System.nanoTime() - deadline < 0) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("the Chronicle warm-up did not stop within {} s; its context's queue directory may be"
                        + " deleted after the context closed", STOP_WAIT_SECONDS);
            }
        }
    }
}
