package io.ipc4j.chronicle;

import io.ipc4j.JoinableQueue;
import io.ipc4j.spi.ContextQueues;
import io.ipc4j.spi.QueueHost;
import io.ipc4j.spi.QueueTransport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The queue transport {@code chronicle} ({@code ipc4j.queue=chronicle}): every queue of a
 * context is a Chronicle queue in a directory of the context's own, under {@code /dev/shm}
 * (memory, never written to disk) or else the temp directory, deleted once nothing reaches
 * it any more (checked every two seconds), when the context closes, or by its orphaned
 * children when its coordinator was killed.
 */
public final class ChronicleTransport implements QueueTransport {
    private static final Path BASE = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
            ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));

    /**
     * Items a JVM puts and takes in a scratch queue to warm up, at least and at most: it stops
     * between the two once the JIT is quiet. A spare warms up before it reports ready, so it
     * may go on until its hot path is compiled; the coordinator warms up in the background,
     * beside its caller's work, so it stops sooner.
     */
    private static final int WARM_UP_MIN_ITEMS = 20_000;
    private static final int SPARE_WARM_UP_MAX_ITEMS = 300_000;
    private static final int COORDINATOR_WARM_UP_MAX_ITEMS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleTransport.class);
    static final String ARCHIVE_LIST = "archive-warm-up.txt";
    /** How often a context frees the queues nothing reaches any more (see {@link QueueLifetime}). */
    private static final long FREE_EVERY_MS = 2000;
    private static final ScheduledExecutorService FREER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ipc4j-chronicle-free");
        t.setDaemon(true);
        return t;
    });

    /** The directory of a context's Chronicle queues. */
    static Path root(String contextId) {
        if (!contextId.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("not a context id: " + contextId);
        }
        return BASE.resolve("ipc4j-chronicle-" + contextId);
    }

    @Override
    public String name() {
        return "chronicle";
    }

    @Override
    public ContextQueues open(QueueHost host) {
        ChronicleQueues queues = new ChronicleQueues(root(host.contextId()), host.config().asMap());
        ChronicleWarmUp.Background warmUp = ChronicleWarmUp.runInBackground(root(host.contextId()), WARM_UP_MIN_ITEMS,
                COORDINATOR_WARM_UP_MAX_ITEMS);
        ScheduledFuture<?> freeing = FREER.scheduleWithFixedDelay(() -> freeUnused(queues), FREE_EVERY_MS, FREE_EVERY_MS,
                TimeUnit.MILLISECONDS);
        return new ContextQueues() {
            @Override
            public <T> JoinableQueue<T> create(int maxsize, boolean joinable) {
                return queues.create(maxsize, joinable);
            }

            @Override
            public int liveQueues() {
                return queues.liveQueues();
            }

            @Override
            public void close() {
                freeing.cancel(false);
                warmUp.stop();
                queues.close();
                ChronicleQueues.deleteTree(root(host.contextId()));
            }
        };
    }

    private static void freeUnused(ChronicleQueues queues) {
        try {
            queues.freeUnused();
        } catch (RuntimeException e) {
            LOG.warn("could not free the Chronicle queues nothing reaches; trying again later", e);
        }
    }

    /**
     * A spare child of a context whose queues are on Chronicle readies Chronicle before it
     * reports ready, so that its target's first item costs what the others do. A target that
     * comes first stops it at its next batch.
     */
    @Override
    public void prepareChild(String contextId, java.util.function.BooleanSupplier stop) {
        Path root = root(contextId);
        if (Files.isDirectory(root)) {
            ChronicleWarmUp.run(root, WARM_UP_MIN_ITEMS, SPARE_WARM_UP_MAX_ITEMS, stop);
        }
    }

    /**
     * The classes a child loads from the jars when it first uses a Chronicle queue, listed in
     * {@value #ARCHIVE_LIST}.
     */
    @Override
    public List<String> archiveClasses() {
        return io.ipc4j.internal.ClassNameList.read(ChronicleTransport.class.getResourceAsStream(ARCHIVE_LIST));
    }

    @Override
    public void deleteOrphaned(String contextId) {
        ChronicleQueues.deleteTree(root(contextId));
    }

    /** Chronicle's options, in every child: a Chronicle queue handle may reach any of them. */
    @Override
    public List<String> childJvmOptions(int javaFeature) {
        return ChronicleJvmFlags.required();
    }
}
