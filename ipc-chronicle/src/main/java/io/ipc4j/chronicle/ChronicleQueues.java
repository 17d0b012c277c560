package io.ipc4j.chronicle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Makes Chronicle queues for one context, each in its own directory under a root the
 * context owns; deletes each once nothing reaches it in any process ({@link #freeUnused()}),
 * and them all when closed: one per context, closed with it. The handles it makes work in
 * any process (see {@link ChronicleQueueHandle}).
 *
 * <p>Every JVM that uses a queue needs the options of {@link ChronicleJvmFlags#required()};
 * this class checks for them in its constructor and each handle on attach, and throws
 * {@link MissingJvmFlagsException} naming them.
 */
public final class ChronicleQueues implements AutoCloseable {
    /** Setting: the Chronicle roll cycle of new queues, by name (default {@value #DEFAULT_ROLL_CYCLE}, one file a second). */
    public static final String ROLL_CYCLE = "ipc4j.chronicle.rollCycle";
    /** One cycle file a second: files whose items are all taken are deleted a second or two later. */
    public static final String DEFAULT_ROLL_CYCLE = "QUEUE_SECONDLY";
    /** Setting: the largest serialized item, in bytes (default 16 MiB, at most a quarter of Chronicle's 64 MiB block). */
    public static final String MAX_ITEM_BYTES = "ipc4j.chronicle.maxItemBytes";
    private static final int DEFAULT_MAX_ITEM_BYTES = 16 << 20;
    /** The context's largest message ({@code ipc4j.maxFrameBytes}): items above it, or above 16 MiB, are refused. */
    private static final String MAX_FRAME_BYTES = "ipc4j.maxFrameBytes";

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleQueues.class);

    private final Path root;
    private final String rollCycle;
    private final int maxItemBytes;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Path> made = new ArrayList<>();
    /** Queues made past which a new one first collects and frees those unused. */
    private static final int FREE_ABOVE = 64;
    private int freeAt = FREE_ABOVE;
    private boolean closed;

    /**
     * Queues under {@code root} (made if absent, owner-only), with the default settings.
     *
     * @throws MissingJvmFlagsException when this JVM lacks the options Chronicle needs
     */
    public ChronicleQueues(Path root) {
        this(root, Map.of());
    }

    /**
     * Queues under {@code root}, with settings {@link #ROLL_CYCLE}, {@link #MAX_ITEM_BYTES} and the
     * context's {@code ipc4j.maxFrameBytes} (which bounds items when {@link #MAX_ITEM_BYTES} is not given)
     * read from {@code settings}, a context's configuration say (other keys are ignored).
     *
     * @throws MissingJvmFlagsException when this JVM lacks the options Chronicle needs
     * @throws IllegalArgumentException for an unknown roll cycle or a bad item limit
     */
    public ChronicleQueues(Path root, Map<String, String> settings) {
        ChronicleRuntime.prepare();
        this.rollCycle = settings.getOrDefault(ROLL_CYCLE, DEFAULT_ROLL_CYCLE);
        RollCycleNames.of(rollCycle);
        this.maxItemBytes = settings.containsKey(MAX_ITEM_BYTES) ? maxItemBytes(settings.get(MAX_ITEM_BYTES))
                : frameLimit(settings.get(MAX_FRAME_BYTES));
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the directory of Chronicle queues " + this.root, e);
        }
        if (!Files.isWritable(this.root)) {
            throw new IllegalArgumentException("the directory of Chronicle queues " + this.root + " is not writable");
        }
    }

    /** The context's message limit applies to items too, up to what a Chronicle excerpt can hold. */
    private static int frameLimit(String value) {
        if (value == null) {
            return DEFAULT_MAX_ITEM_BYTES;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n > 0) {
                return (int) Math.min(n, DEFAULT_MAX_ITEM_BYTES);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_FRAME_BYTES + " must be a positive number of bytes: " + value);
    }

    private static int maxItemBytes(String value) {
        if (value == null) {
            return DEFAULT_MAX_ITEM_BYTES;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0 && n <= DEFAULT_MAX_ITEM_BYTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_ITEM_BYTES + " must be between 1 and " + DEFAULT_MAX_ITEM_BYTES
                + ": " + value);
    }

    /**
     * How many queues this factory made and has not freed. It frees first those that nothing
     * reaches any more: no handle in any process, none travelling as bytes.
     */
    public int liveQueues() {
        freeUnused();
        synchronized (this) {
            return closed ? 0 : made.size();
        }
    }

    /**
     * Deletes the files of every queue made here that no process holds and no serialized
     * handle pins (see {@link QueueLifetime}). Runs every few seconds, and when a new queue
     * finds many made.
     */
    public void freeUnused() {
        List<Path> dirs;
        synchronized (this) {
            if (closed) {
                return;
            }
            dirs = new ArrayList<>(made);
        }
        List<Path> freed = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                if (QueueLifetime.freeIfUnused(dir)) {
                    QueueFiles.detachAll(dir);
                    deleteTree(dir);
                    freed.add(dir);
                }
            } catch (UncheckedIOException e) {
                LOG.warn("could not check whether the Chronicle queue in {} is still used", dir, e);
            }
        }
        synchronized (this) {
            made.removeAll(freed);
        }
    }

    /**
     * Makes a new queue in a new directory under the root.
     *
     * @param maxsize the most items it holds, 0 for no bound
     * @param joinable whether {@code taskDone}/{@code join} count its items
     */
    public <T> ChronicleQueueHandle<T> create(int maxsize, boolean joinable) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must not be negative: " + maxsize);
        }
        Path dir;
        boolean collect;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("these Chronicle queues are closed");
            }
            collect = made.size() >= freeAt;
            if (collect) {
                freeAt = Integer.MAX_VALUE; // once at a time
            }
        }
        if (collect) {
            // a coordinator that makes a queue per request and drops it keeps none of them
            System.gc();
            freeUnused();
            synchronized (this) {
                freeAt = Math.max(FREE_ABOVE, 2 * made.size());
            }
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("these Chronicle queues are closed");
            }
            dir = root.resolve("q" + next.incrementAndGet());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the directory of a Chronicle queue " + dir, e);
            }
            made.add(dir);
        }
        try {
            QueueLifetime.prepare(dir);
            ChronicleQueueHandle<T> handle = new ChronicleQueueHandle<>(dir, maxsize, joinable, rollCycle,
                    maxItemBytes);
            handle.attachAsMaker();
            synchronized (this) {
                if (closed) { // a close() that ran meanwhile deleted what the steps above made again
                    throw new IllegalStateException("these Chronicle queues are closed");
                }
            }
            return handle;
        } catch (RuntimeException | Error e) {
            // /dev/shm full, say: the half-made queue goes now, not when the context closes
            boolean closedMeanwhile;
            synchronized (this) {
                made.remove(dir);
                closedMeanwhile = closed;
            }
            QueueFiles.detachAll(dir);
            deleteTree(dir);
            if (closedMeanwhile) {
                deleteRootIfEmpty();
                if (e instanceof RuntimeException && !(e instanceof IllegalStateException)) {
                    // the close deleted the files this call was making: it lost the race, as at its start
                    throw new IllegalStateException("these Chronicle queues are closed", e);
                }
            }
            throw e;
        }
    }

    /**
     * Opens the durable queue in {@code dir}, making it if the directory is absent or empty:
     * its items stay in the directory until they are taken, across processes that end or are
     * killed, coordinator included; ipc4j never deletes the directory (cycle files whose items
     * are all taken go as usual). Opening it again, in any process, gives every item put and
     * not taken, exactly once.
     *
     * @throws MissingJvmFlagsException when this JVM lacks the options Chronicle needs
     * @throws IllegalArgumentException when {@code dir} is not writable, holds something other
     *         than a Chronicle queue, or holds a queue with another maxsize or joinability
     */
    public static <T> ChronicleQueueHandle<T> openDurable(Path dir, int maxsize, boolean joinable) {
        ChronicleRuntime.prepare();
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must not be negative: " + maxsize);
        }
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot make the directory of a durable queue " + abs + ": " + e, e);
        }
        if (!Files.isWritable(abs)) {
            throw new IllegalArgumentException("the directory of a durable queue " + abs + " is not writable");
        }
        try (Stream<Path> entries = Files.list(abs)) {
            if (entries.findAny().isPresent() && !Files.exists(abs.resolve(QueueFiles.METADATA))) {
                throw new IllegalArgumentException(abs + " holds files but no Chronicle queue ("
                        + QueueFiles.METADATA + " is missing): give a new or empty directory, or one a durable"
                        + " queue was opened in");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the directory of a durable queue " + abs, e);
        }
        ChronicleQueueHandle<T> handle = new ChronicleQueueHandle<>(abs, maxsize, joinable, DEFAULT_ROLL_CYCLE,
                DEFAULT_MAX_ITEM_BYTES);
        handle.attachAsMaker();
        return handle;
    }

    /**
     * Unmaps every queue made here from this process and deletes its files, and the root if
     * it is then empty. Children still using a queue fail their next call on it.
     */
    @Override
    public void close() {
        List<Path> dirs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            dirs = new ArrayList<>(made);
            made.clear();
        }
        for (Path dir : dirs) {
            QueueFiles.detachAll(dir);
            deleteTree(dir);
        }
        deleteRootIfEmpty();
    }

    private void deleteRootIfEmpty() {
        try {
            Files.deleteIfExists(root);
        } catch (IOException notEmpty) {
            // the root holds something else too: it is its owner's to delete
        }
    }

    /** Deletes a queue directory left behind by a context that died (for the coordinator's orphan cleanup). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}", p, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the Chronicle queue directory {}", dir, e);
        }
    }
}
