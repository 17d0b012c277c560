package io.ipc4j.mmap;

import io.ipc4j.internal.Lifetimes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mapped file of one shm channel: a header page of control words, then two
 * single-producer single-consumer rings ({@link SpscRing}), ring 0 written by the end that
 * listened (side 0) and ring 1 by the end that dialed (side 1). Each control word sits on
 * its own cache line. It is mapped as {@link Segments} maps shared objects, and unmapped
 * the same way: by the garbage collector, once no channel here holds it. So that closed
 * pipes do not pile up mappings (and, until the file is deleted, {@code /dev/shm} pages)
 * in a heap the collector seldom visits, the segments mapped in this process are counted,
 * and mapping one beyond their {@link MappingBudget} first has dropped ones collected.
 */
final class ShmSegment {
    /** Bytes of each ring's data; a message above an eighth of it travels in fragments. */
    static final int RING_CAPACITY = 1 << 18;
    private static final int RING_BYTES = SpscRing.regionBytes(RING_CAPACITY);
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
    /** Bytes of the segments mapped in this process and not yet collected. */
    private static final AtomicLong MAPPED_BYTES = new AtomicLong();
    private static final MappingBudget BUDGET = new MappingBudget();

    /** The whole mapping: the header's words at their offsets, and the rings' bytes. */
    final ByteBuffer mapped;
    private final SpscRing[] rings = new SpscRing[2];
    /** The file, on side 0 until it is deleted. */
    private Path file;

    private ShmSegment(ByteBuffer mapped) {
        this.mapped = mapped;
        for (int r = 0; r < 2; r++) {
            rings[r] = new SpscRing(mapped, HEADER + r * RING_BYTES, RING_CAPACITY);
        }
    }

    /** Creates a fresh segment file (0600) in {@code dir}, maps it and marks it as side 0's. */
    static ShmSegment create(Path dir) throws IOException {
        Path file = dir.resolve("pipe-" + HexFormat.of().formatHex(randomBytes()));
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            ShmSegment s = new ShmSegment(map(file));
            Mem.LONG.setVolatile(s.mapped, TOKEN_AT, ProcessToken.SELF);
            Mem.INT.setVolatile(s.mapped, MAGIC_AT, MAGIC);
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
        if ((int) Mem.INT.getVolatile(s.mapped, MAGIC_AT) != MAGIC) {
            throw new IOException("not a pipe segment: " + file);
        }
        Mem.LONG.setVolatile(s.mapped, TOKEN_AT + 8, ProcessToken.SELF);
        return s;
    }

    /**
     * Maps {@code file}, outlasting an interrupt of this thread as shared objects do
     * ({@link Segments#mapFile}), and counts the mapping until its buffer is collected.
     */
    private static ByteBuffer map(Path file) throws IOException {
        if (!BUDGET.allows(MAPPED_BYTES.get() + SIZE)) {
            BUDGET.reclaim(() -> MAPPED_BYTES.get() + SIZE);
        }
        try {
            ByteBuffer buf = Segments.mapFile(file, SIZE);
            MAPPED_BYTES.addAndGet(SIZE);
            Lifetimes.CLEANER.register(buf, ShmSegment::unmapped);
            return buf;
        } catch (io.ipc4j.IpcInterruptedException e) {
            throw e;
        } catch (io.ipc4j.IpcException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The cleaning action of a segment's buffer: holds nothing of it. */
    private static void unmapped() {
        MAPPED_BYTES.addAndGet(-SIZE);
        BUDGET.released();
    }

    Path file() {
        return file;
    }

    /** Removes the file; the mappings stay until each side's is collected. */
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
    SpscRing ringOf(int side) {
        return rings[side];
    }

    /** The {@link ProcessToken} of side {@code side}; 0 until it attached. */
    long tokenOf(int side) {
        return (long) Mem.LONG.getVolatile(mapped, TOKEN_AT + 8 * side);
    }

    /** The offset of the sleeping word of the reader of ring {@code ring}. */
    static int sleepingWord(int ring) {
        return SLEEPING_AT + 64 * ring;
    }

    /** The offset of the word side {@code side} sets when it closes. */
    static int closedWord(int side) {
        return CLOSED_AT + 64 * side;
    }
}
