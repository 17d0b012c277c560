package io.ipc4j.mmap;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where segments live: one directory per context, {@code ipc4j-<contextId>}, under
 * {@code /dev/shm} (memory, never written to disk) or else the temp directory.
 */
final class ShmPaths {
    private static final Path BASE = chooseBase();

    private ShmPaths() {
    }

    private static Path chooseBase() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    static Path contextDir(String contextId) {
        if (!contextId.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("not a context id: " + contextId);
        }
        return BASE.resolve("ipc4j-" + contextId);
    }

    /**
     * Makes the private directory {@code dir} (0700), or accepts it if it is there already
     * as a real directory of this user with that mode: the shared objects and the shm
     * channel's segments of a context share its directory, whichever comes first.
     */
    static void ensureDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !ownedByMe(dir)
                    || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)
                            .equals(PosixFilePermissions.fromString("rwx------"))) {
                throw new IOException(dir + " exists and is not a private directory of this user");
            }
        }
    }

    private static boolean ownedByMe(Path dir) throws IOException {
        Path self = Path.of("/proc/self");
        return !Files.exists(self) || Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(self, "unix:uid"));
    }

    /**
     * Deletes {@code dir} and everything in it; quietly, since several processes may race to
     * do it. A file made in it while it is being emptied (a child's doorbell socket, say)
     * would keep the directory, and leave it empty once its maker removes the file: the
     * walk is repeated while the directory stays.
     */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            deleteOnce(dir);
        }
    }

    private static void deleteOnce(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; the leak checks of the tests report what stays
                }
            });
        } catch (IOException | java.io.UncheckedIOException alreadyGone) {
            // nothing to delete
        }
    }
}
