package io.ipc4j.chronicle;

import io.ipc4j.internal.wire.ObjectCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Readies this JVM for Chronicle queues before it needs one: a JVM's first queue costs it
 * Chronicle's class initialization (hundreds of milliseconds, seconds on a busy machine) and
 * its first items run interpreted. Putting and taking a few thousand small items through a
 * scratch queue of its own, deleted afterwards, loads every class of both paths and has the
 * JIT compile them, off the path of the first real item. Once per JVM; never throws.
 */
final class ChronicleWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleWarmUp.class);
    private static final int BATCH = 256;
    /** How long the JIT must have compiled nothing for the warm-up to end. */
    private static final long QUIET_NANOS = 200_000_000;
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
        synchronized (ChronicleWarmUp.class) {
            if (started) {
                return;
            }
            started = true;
        }
        try {
            warmIn(parent, minItems, maxItems);
        } finally {
            done = true;
        }
    }

    /**
     * One warm-up in a scratch queue under {@code parent}, which must exist: when the context
     * closed and deleted it first, nothing is made (a {@code createDirectories} here left an
     * empty queue root in {@code /dev/shm} behind every such race).
     */
    static void warmIn(Path parent, int minItems, int maxItems) {
        long t0 = System.nanoTime();
        Path dir = parent.resolve("warm-up-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(dir);
            QueueLifetime.prepare(dir);
            ChronicleQueueHandle<Integer> q = new ChronicleQueueHandle<>(dir, 0, false,
                    ChronicleQueues.DEFAULT_ROLL_CYCLE, 1 << 10);
            byte[] handle;
            try {
                q.attachAsMaker();
                int items = warm(q, minItems, maxItems, jitClock(), QUIET_NANOS);
                handle = ObjectCodec.toBytes(q);
                LOG.debug("Chronicle warmed up with {} items in {} ms", items, (System.nanoTime() - t0) / 1_000_000);
            } finally {
                q.close();
                QueueFiles.detachAll(dir);
            }
            arrive(handle);
        } catch (IOException | RuntimeException | LinkageError e) {
            // the context closed meanwhile, or no space: the first real queue pays instead
            LOG.debug("could not warm Chronicle up in {}", dir, e);
        } finally {
            ChronicleQueues.deleteTree(dir);
        }
    }

    /**
     * Takes the steps of a handle arriving in a process that has not mapped its queue: reading
     * it, holding the queue, opening files another process made, a first put and get there.
     * A target's first queue comes so, and these steps load classes and run code the maker's
     * path does not (ten milliseconds or more of its first item, cold).
     */
    private static void arrive(byte[] handle) {
        @SuppressWarnings("unchecked")
        ChronicleQueueHandle<Integer> arrived = (ChronicleQueueHandle<Integer>) ObjectCodec.fromBytes(handle);
        try {
            arrived.put(1);
            arrived.getNowait();
        } finally {
            arrived.close();
            QueueFiles.detachAll(arrived.directory());
        }
    }

    /** The JIT's total compilation time so far, in ms, or null when this JVM does not say. */
    private static LongSupplier jitClock() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
    }

    /**
     * Puts and takes batches of items until the JIT has compiled nothing for {@code quietNanos}
     * (then the hot path is compiled: a fixed count left it interpreted or half-compiled on a
     * busy machine, where the compiler threads lag behind), after at least {@code minItems} and
     * at most {@code maxItems}. Without a {@code jitClock}, puts {@code minItems}.
     *
     * @return how many items it put and took
     */
    static int warm(ChronicleQueueHandle<Integer> q, int minItems, int maxItems, LongSupplier jitClock,
                    long quietNanos) {
        long compiled = jitClock == null ? 0 : jitClock.getAsLong();
        long quietSince = System.nanoTime();
        int items = 0;
        while (items < maxItems) {
            for (int i = 0; i < BATCH; i++) {
                q.put(i);
            }
            for (int i = 0; i < BATCH; i++) {
                q.getNowait();
            }
            items += BATCH;
            long total = jitClock == null ? compiled : jitClock.getAsLong();
            long now = System.nanoTime();
            if (total != compiled) {
                compiled = total;
                quietSince = now;
            } else if (items >= minItems && (jitClock == null || now - quietSince >= quietNanos)) {
                break;
            }
        }
        return items;
    }

    /** Runs {@link #run} in a daemon thread. */
    static void runInBackground(Path parent, int minItems, int maxItems) {
        Thread t = new Thread(() -> run(parent, minItems, maxItems), "ipc4j-chronicle-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
