package io.ipc4j.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Who still reaches a queue a context made, so that the context can free it before it
 * closes, as the broker frees its queues. Two kinds of reference keep a queue, each a file
 * in its directory's {@value #DIR}:
 * <ul>
 * <li>{@code holders/<pid>}: a process holds the queue from the first use of a handle to it
 *     (or its arrival there) until no handle to it is reachable there, or it exits;</li>
 * <li>{@code pins/<token>}: a handle serialized (into another queue's item, a process's
 *     arguments, a message) and not yet read back; reading it makes the reader a holder first,
 *     then drops the pin. Bytes never read keep their queue until the context closes.</li>
 * </ul>
 * The coordinator frees a queue with no pin and no live holder. Holding, pinning and freeing
 * take a lock file, so no process attaches to a queue while it is being freed. A durable
 * queue has no {@value #DIR}: it is never freed, only unmapped by each process.
 */
final class QueueLifetime {
    static final String DIR = "ipc4j-lifetime";
    private static final String LOCK = "lock";
    private static final String HOLDERS = "holders";
    private static final String PINS = "pins";
    private static final String PID = Long.toString(ProcessHandle.current().pid());
    /** File locks belong to the whole JVM: one thread at a time takes them. */
    private static final Object JVM_LOCK = new Object();

    private QueueLifetime() {
    }

    /** Makes the files of a new queue's lifetime, in its maker, which holds it from now. */
    static void prepare(Path queueDir) {
        Path d = queueDir.resolve(DIR);
        try {
            Files.createDirectories(d.resolve(HOLDERS));
            Files.createDirectories(d.resolve(PINS));
            Files.createFile(d.resolve(LOCK));
            Files.createFile(d.resolve(HOLDERS).resolve(PID));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the lifetime files of the Chronicle queue in " + queueDir, e);
        }
    }

    /** Whether the queue in {@code queueDir} is freed when unused (not durable). */
    static boolean tracked(Path queueDir) {
        return Files.isDirectory(queueDir.resolve(DIR));
    }

    /** Makes this process a holder of the queue; false when the queue is gone. */
    static boolean hold(Path queueDir) {
        return locked(queueDir, () -> {
            touch(queueDir.resolve(DIR).resolve(HOLDERS).resolve(PID));
            return true;
        });
    }

    /** This process holds the queue no more. */
    static void unhold(Path queueDir) {
        delete(queueDir.resolve(DIR).resolve(HOLDERS).resolve(PID));
    }

    /** Pins the queue for a handle about to be serialized: its token, or null when the queue is gone or durable. */
    static String pin(Path queueDir) {
        if (!tracked(queueDir)) {
            return null;
        }
        String token = UUID.randomUUID().toString();
        return locked(queueDir, () -> {
            touch(queueDir.resolve(DIR).resolve(PINS).resolve(token));
            return true;
        }) ? token : null;
    }

    /** Drops the pin of a serialized handle that was read back, once its reader holds the queue. */
    static void unpin(Path queueDir, String token) {
        if (token.indexOf('/') < 0 && !token.contains("..")) {
            delete(queueDir.resolve(DIR).resolve(PINS).resolve(token));
        }
    }

    /**
     * Frees the queue if nothing reaches it: no pin and no holder alive (a holder's file
     * outlives its process when that is killed). Once it returns true the queue is gone for
     * every process ({@link QueueFiles#METADATA} is deleted); the caller deletes the rest.
     */
    static boolean freeIfUnused(Path queueDir) {
        Path d = queueDir.resolve(DIR);
        try {
            if (!isEmpty(d.resolve(PINS)) || anyAlive(d.resolve(HOLDERS), false)) {
                return false; // seen without the lock, the usual case for a queue in use
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lifetime files of the Chronicle queue in " + queueDir, e);
        }
        return locked(queueDir, () -> {
            if (!isEmpty(d.resolve(PINS)) || anyAlive(d.resolve(HOLDERS), true)) {
                return false;
            }
            Files.delete(queueDir.resolve(QueueFiles.METADATA));
            return true;
        });
    }

    private interface LockedAction {
        boolean run() throws IOException;
    }

    /** Runs {@code action} holding the queue's lock while its files exist; false when they are gone. */
    private static boolean locked(Path queueDir, LockedAction action) {
        synchronized (JVM_LOCK) {
            try (FileChannel ch = FileChannel.open(queueDir.resolve(DIR).resolve(LOCK), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (!Files.exists(queueDir.resolve(QueueFiles.METADATA))) {
                    return false;
                }
                return action.run();
            } catch (NoSuchFileException gone) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the Chronicle queue in " + queueDir, e);
            }
        }
    }

    private static boolean anyAlive(Path holders, boolean deleteDead) throws IOException {
        try (Stream<Path> files = Files.list(holders)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                long pid;
                try {
                    pid = Long.parseLong(f.getFileName().toString());
                } catch (NumberFormatException notAHolder) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return true;
                }
                if (deleteDead) {
                    Files.deleteIfExists(f);
                }
            }
            return false;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (NoSuchFileException gone) {
            return true;
        }
    }

    private static void touch(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException already) {
            // held already
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
