package io.ipc4j.mmap;

import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The segment files mapped into this process, by path: each file is mapped once per
 * process however many handles use it, and unmapped by the garbage collector once no
 * handle here holds the mapping. The mapping outlives the file's deletion.
 */
final class Segments {
    private static final Map<String, WeakReference<ByteBuffer>> MAPPED = new ConcurrentHashMap<>();
    private static final AtomicLong DRAFTS = new AtomicLong();
    /** Interrupts a mapping outlasts before it gives up (another thread interrupting without pause). */
    private static final int MAX_INTERRUPTED_ATTEMPTS = 100;
    private static final int WARM_UP_BYTES = 4096;

    private Segments() {
    }

    /**
     * Creates {@code file} (0600, zero-filled, {@code size} bytes) and maps it. The file is
     * made and sized under a temporary name and then linked to its own, so that another
     * process finds either no file or the whole of it, never one still being sized.
     *
     * @throws IllegalArgumentException if {@code file} exists already
     */
    static ByteBuffer create(Path file, int size) {
        Path draft = file.resolveSibling(".draft-" + ProcessHandle.current().pid() + "-" + DRAFTS.incrementAndGet()
                + "-" + file.getFileName());
        try {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            ByteBuffer buf = mapFile(draft, Math.max(size, 1));
            Files.createLink(file, draft);
            MAPPED.put(file.toString(), new WeakReference<>(buf));
            return buf;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("shared segment " + file + " exists already", e);
        } catch (IOException e) {
            throw new IpcException("cannot create shared segment " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(draft);
            } catch (IOException ignored) {
                // the context's directory goes as a whole when it closes
            }
        }
    }

    /** The mapping of an existing segment. @throws IpcException if it is gone (its context closed) */
    static ByteBuffer map(String path) {
        ByteBuffer buf = mapped(path);
        if (buf != null) {
            return buf;
        }
        synchronized (MAPPED) {
            buf = mapped(path);
            if (buf == null) {
                MAPPED.values().removeIf(r -> r.get() == null);
                Path file = Path.of(path);
                try {
                    buf = mapFile(file, (int) Files.size(file));
                } catch (IOException e) {
                    throw new IpcException("shared segment " + path + " is gone: the context that made it is closed"
                            + " or the object was freed", e);
                }
                MAPPED.put(path, new WeakReference<>(buf));
            }
            return buf;
        }
    }

    /**
     * Maps a throwaway one-page file through {@link #map} and deletes it: a spare child does
     * this before its target, whose first attach (a pool worker's chunk slots) then finds the
     * file-mapping classes loaded (about 8 ms of a worker's start on a loaded machine). The file
     * is in {@code dir}, its context's directory, not among the segments: a spare killed before
     * it deleted the file (its context closing, say) left it in the temp directory, where
     * nothing removed it. Never throws.
     */
    static void warmUp(Path dir) {
        Path file = null;
        try {
            file = Files.createTempFile(dir, "ipc4j-warm-up-", ".segment");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[1]), WARM_UP_BYTES - 1L);
            }
            map(file.toString()).getLong(0);
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the first real use reports what is wrong
        } finally {
            if (file != null) {
                MAPPED.remove(file.toString());
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // left in the temporary directory
                }
            }
        }
    }

    private static ByteBuffer mapped(String path) {
        WeakReference<ByteBuffer> ref = MAPPED.get(path);
        return ref == null ? null : ref.get();
    }

    /** Deletes one segment's file and forgets its mapping here; handles that hold the mapping keep it. */
    static void delete(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            throw new IpcException("cannot delete shared segment " + path + ": " + e.getMessage(), e);
        }
        MAPPED.remove(path);
    }

    /** Forgets the mappings of files under {@code dir}, once the files are deleted. */
    static void forget(Path dir) {
        String prefix = dir.toString() + "/";
        MAPPED.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /**
     * Maps {@code file}, {@code size} bytes. A file channel is closed by an interrupt of the
     * thread that uses it; mapping is short and no wait, so an interrupt does not stop it:
     * the mapping is tried again and the interrupt left for the caller's next wait (failing
     * here left a context's first shared object, and its directory, half made).
     */
    static ByteBuffer mapFile(Path file, int size) {
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    if (ch.size() < size) {
                        ch.write(ByteBuffer.wrap(new byte[1]), size - 1L);
                    }
                    return ch.map(FileChannel.MapMode.READ_WRITE, 0, size).order(ByteOrder.nativeOrder());
                } catch (ClosedByInterruptException e) {
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt == MAX_INTERRUPTED_ATTEMPTS) {
                        throw new IpcInterruptedException("interrupted " + attempt + " times while mapping " + file);
                    }
                } catch (IOException e) {
                    throw new IpcException("cannot map shared segment " + file + ": " + e.getMessage(), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
