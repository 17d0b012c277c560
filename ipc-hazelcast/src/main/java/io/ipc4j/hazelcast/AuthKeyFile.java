package io.ipc4j.hazelcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the key a coordinator and its cluster's nodes share. The file must be a regular file
 * of mode {@code 0600} (its owner reads and writes it, no one else may): a key others can
 * read lets them run code on every node. Its bytes are the key, without trailing white
 * space, so that {@code head -c 32 /dev/urandom | base64 > key} makes a good one.
 */
public final class AuthKeyFile {
    /** Fewer bytes than this are too easily guessed. */
    static final int MIN_BYTES = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private AuthKeyFile() {
    }

    /**
     * The key in {@code file}.
     *
     * @param setting what named the file (a setting or an option), for the message
     * @throws AuthKeyFileException naming the file and the setting when it is missing, not of
     *                              mode 0600, or holds fewer than 16 bytes
     */
    public static byte[] read(Path file, String setting) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new AuthKeyFileException("the auth key file " + file + " (" + setting
                    + ") does not exist or is not a regular file");
        }
        Set<PosixFilePermission> mode;
        byte[] bytes;
        try {
            mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            bytes = Files.readAllBytes(file);
        } catch (IOException | UnsupportedOperationException e) {
            throw new AuthKeyFileException("cannot read the auth key file " + file + " (" + setting + "): " + e, e);
        }
        if (!mode.equals(OWNER_ONLY)) {
            throw new AuthKeyFileException("the auth key file " + file + " (" + setting + ") has mode "
                    + PosixFilePermissions.toString(mode) + "; it must be rw------- (0600): chmod 600 " + file);
        }
        int end = bytes.length;
        while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        if (end < MIN_BYTES) {
            throw new AuthKeyFileException("the auth key file " + file + " (" + setting + ") holds " + end
                    + " bytes; a key needs at least " + MIN_BYTES + " (say, head -c 32 /dev/urandom | base64)");
        }
        return Arrays.copyOf(bytes, end);
    }
}
