package io.ipc4j.hazelcast;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The private directories a node gives the children it starts for their sockets, named
 * {@code ipc4j-node-<node pid>-<random>} in the temp directory. A node deletes each one when
 * its child ends; those of a node killed with {@code kill -9} are deleted by the next node
 * that starts on the host, since their pid names a process that is gone.
 */
final class SessionDirs {
    private static final String PREFIX = "ipc4j-node-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private SessionDirs() {
    }

    /** Makes a new directory (0700) for one child of this node. */
    static Path create() throws IOException {
        return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Deletes the directories in {@code tempDir} left by nodes that are no longer running. */
    static void sweepDead(Path tempDir) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempDir, PREFIX + "*")) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches() && Files.isDirectory(dir) && !alive(m.group(1))) {
                    delete(dir);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // another user's temp directory, or one that vanished: nothing of ours to sweep
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException tooLong) {
            return true; // not a name we gave
        }
    }

    /** Deletes {@code dir} and what is in it, quietly: its child may be removing it too. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException alreadyGone) {
            // nothing left to delete
        }
    }
}
