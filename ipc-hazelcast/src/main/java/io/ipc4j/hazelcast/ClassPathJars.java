package io.ipc4j.hazelcast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The coordinator's class path as jars a node can cache by SHA-256: a jar as it is, a
 * folder of classes packed into one. A jar's hash is computed once per size and
 * modification time; a folder is packed again at each launch (it may have changed).
 */
final class ClassPathJars {
    /** One entry: its hash and its bytes. */
    record Packed(String sha256, byte[] bytes) {
    }

    private record Stamp(long size, long modified) {
    }

    private record Hashed(Stamp stamp, String sha256) {
    }

    /** Shared by every context of this JVM: hashing the class path is the slow part of a first launch. */
    private static final Map<Path, Hashed> JAR_HASHES = new ConcurrentHashMap<>();
    /** What was packed by hash, until a node asked for it. */
    private final Map<String, Path> byHash = new ConcurrentHashMap<>();
    private final Map<String, byte[]> packedFolders = new ConcurrentHashMap<>();

    /** The hashes of {@code entries}, in order; entries that do not exist are left out. */
    List<String> hashes(List<String> entries) {
        List<String> hashes = new ArrayList<>();
        for (String e : entries) {
            Path p = Path.of(e);
            try {
                if (Files.isDirectory(p)) {
                    byte[] packed = pack(p);
                    String sha = JarCache.sha256(packed);
                    packedFolders.put(sha, packed);
                    hashes.add(sha);
                } else if (Files.isRegularFile(p)) {
                    Stamp stamp = new Stamp(Files.size(p), Files.getLastModifiedTime(p).toMillis());
                    Hashed h = JAR_HASHES.get(p);
                    if (h == null || !h.stamp().equals(stamp)) {
                        h = new Hashed(stamp, JarCache.sha256(Files.readAllBytes(p)));
                        JAR_HASHES.put(p, h);
                    }
                    byHash.put(h.sha256(), p);
                    hashes.add(h.sha256());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read the class path entry " + p + ": " + ex.getMessage(), ex);
            }
        }
        return hashes;
    }

    /** The bytes of a jar {@link #hashes} named. */
    byte[] bytes(String sha256) throws IOException {
        byte[] packed = packedFolders.get(sha256);
        if (packed != null) {
            return packed;
        }
        Path p = byHash.get(sha256);
        if (p == null) {
            throw new IOException("no class path entry hashes to " + sha256);
        }
        return Files.readAllBytes(p);
    }

    /** The files under {@code dir} as a jar, in name order and with fixed times, so that equal folders hash equal. */
    private static byte[] pack(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(dir.relativize(f).toString().replace('\\', '/'));
                entry.setTime(0);
                jar.putNextEntry(entry);
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
