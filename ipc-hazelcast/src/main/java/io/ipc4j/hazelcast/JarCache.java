package io.ipc4j.hazelcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A node's copies of coordinators' class path jars, each named by its SHA-256, so that a
 * jar crosses the network once per node whatever its name, and a file under a hash always
 * holds the bytes of that hash (a jar is checked before it is linked into place).
 */
final class JarCache {
    private final Path dir;

    JarCache(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Where the jar of {@code sha256} is kept. @throws IllegalArgumentException if it is no hash */
    Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return dir.resolve(sha256 + ".jar");
    }

    boolean has(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Keeps {@code bytes} under {@code sha256}. @throws IOException if they do not hash to it */
    void store(String sha256, byte[] bytes) throws IOException {
        Path target = path(sha256);
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IOException("a jar sent as " + sha256 + " hashes to " + actual);
        }
        Path draft = Files.createTempFile(dir, "draft-", ".jar");
        try {
            Files.write(draft, bytes);
            Files.move(draft, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    Path dir() {
        return dir;
    }
}
