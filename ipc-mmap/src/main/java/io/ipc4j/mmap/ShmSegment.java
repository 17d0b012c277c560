package io.ipc4j.mmap;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The mapped file of one shm channel: a header page of control words, then two
 * single-producer single-consumer rings (Agrona's {@link OneToOneRingBuffer}), ring 0
 * written by the end that listened (side 0) and ring 1 by the end that dialed (side 1).
 * Each control word sits on its own cache line.
 */
final class ShmSegment {
    /** Bytes of each ring's data; a message above an eighth of it travels in fragments. */
    static final int RING_CAPACITY = 1 << 18;
    private static final int RING_BYTES = RING_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
    private static final int HEADER = 4096;
    static final int SIZE = HEADER + 2 * RING_BYTES;
    private static final int MAGIC = 0x69706373; // "ipcs"
    private static final int MAGIC_AT = 0;
    /** {@link ProcessToken} of side 0, then of side 1. */
    private static final int TOKEN_AT = 64;
    /** Set by the reader of ring r before it blocks on its doorbell; cleared by whoever rings it. */
    private static final int SLEEPING_AT = 192;
    /** Set by side s when it closes. */
    private static final int CLOSED_AT = 320;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MappedByteBuffer mapped;
    /** The header's words. */
    final UnsafeBuffer words;
    private final OneToOneRingBuffer[] rings = new OneToOneRingBuffer[2];
    /** The file, on side 0 until it is deleted. */
    private Path file;

    private ShmSegment(MappedByteBuffer mapped) {
        this.mapped = mapped;
        this.words = new UnsafeBuffer(mapped, 0, HEADER);
        for (int r = 0; r < 2; r++) {
            rings[r] = new OneToOneRingBuffer(new UnsafeBuffer(mapped, HEADER + r * RING_BYTES, RING_BYTES));
        }
    }

    /** Creates a fresh segment file (0600) in {@code dir}, maps it and marks it as side 0's. */
    static ShmSegment create(Path dir) throws IOException {
        Path file = dir.resolve("pipe-" + HexFormat.of().formatHex(randomBytes()));
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            ShmSegment s = new ShmSegment(map(file));
            s.words.putLongVolatile(TOKEN_AT, ProcessToken.SELF);
            s.words.putIntVolatile(MAGIC_AT, MAGIC);
            s.file = file;
            return s;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Maps the segment {@code file} that side 0 made in {@code dir}, as side 1. */
    static ShmSegment attach(Path dir, Path file) throws IOException {
        if (!dir.equals(file.getParent()) || !file.getFileName().toString().startsWith("pipe-")
                || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != SIZE) {
            throw new IOException("not a pipe segment of this context: " + file);
        }
        ShmSegment s = new ShmSegment(map(file));
        if (s.words.getIntVolatile(MAGIC_AT) != MAGIC) {
            s.unmap();
            throw new IOException("not a pipe segment: " + file);
        }
        s.words.putLongVolatile(TOKEN_AT + 8, ProcessToken.SELF);
        return s;
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() < SIZE) {
                ch.write(ByteBuffer.wrap(new byte[1]), SIZE - 1L);
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            m.order(ByteOrder.nativeOrder());
            return m;
        }
    }

    Path file() {
        return file;
    }

    /** Removes the file; the mappings stay until each side unmaps. */
    void deleteFile() {
        Path f = file;
        file = null;
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the context's directory goes as a whole when it closes
            }
        }
    }

    /** The ring side {@code side} writes. */
    OneToOneRingBuffer ringOf(int side) {
        return rings[side];
    }

    /** The {@link ProcessToken} of side {@code side}; 0 until it attached. */
    long tokenOf(int side) {
        return words.getLongVolatile(TOKEN_AT + 8 * side);
    }

    /** The offset of the sleeping word of the reader of ring {@code ring}. */
    static int sleepingWord(int ring) {
        return SLEEPING_AT + 64 * ring;
    }

    /** The offset of the word side {@code side} sets when it closes. */
    static int closedWord(int side) {
        return CLOSED_AT + 64 * side;
    }

    /** Unmaps: no thread of this process may touch the segment afterwards. */
    void unmap() {
        IoUtil.unmap(mapped);
    }
}
