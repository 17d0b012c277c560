package io.ipc4j.chronicle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Readies this JVM for Chronicle queues before it needs one: a JVM's first queue costs it
 * Chronicle's class initialization (hundreds of milliseconds, seconds on a busy machine) and
 * its first items run interpreted. Putting and taking a few thousand small items through a
 * scratch queue of its own, deleted afterwards, loads every class of both paths and has the
 * JIT compile them, off the path of the first real item. Once per JVM; never throws.
 */
final class ChronicleWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleWarmUp.class);
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
     * @param items how many items to put and take
     */
    static void run(Path parent, int items) {
        synchronized (ChronicleWarmUp.class) {
            if (started) {
                return;
            }
            started = true;
        }
        long t0 = System.nanoTime();
        Path dir = parent.resolve("warm-up-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            ChronicleQueueHandle<Integer> q = new ChronicleQueueHandle<>(dir, 0, false,
                    ChronicleQueues.DEFAULT_ROLL_CYCLE, 1 << 10);
            try {
                q.attachAsMaker();
                int batch = 256;
                for (int done = 0; done < items; done += batch) {
                    for (int i = 0; i < batch; i++) {
                        q.put(i);
                    }
                    for (int i = 0; i < batch; i++) {
                        q.getNowait();
                    }
                }
            } finally {
                q.close();
                QueueFiles.detachAll(dir);
            }
            LOG.debug("Chronicle warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException | LinkageError e) {
            // the context closed meanwhile, or no space: the first real queue pays instead
            LOG.debug("could not warm Chronicle up in {}", dir, e);
        } finally {
            ChronicleQueues.deleteTree(dir);
            done = true;
        }
    }

    /** Runs {@link #run} in a daemon thread. */
    static void runInBackground(Path parent, int items) {
        Thread t = new Thread(() -> run(parent, items), "ipc4j-chronicle-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
