package io.ipc4j.chronicle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A record in a memory-mapped file that survives its writer's kill -9 (the page cache keeps
 * what was stored): a count at offset 0, then one long per entry. A writer stores the entry
 * before the count, so a kill loses at most the entry being written.
 */
final class Ledger {
    private final MappedByteBuffer map;
    private long count;

    private Ledger(MappedByteBuffer map) {
        this.map = map;
    }

    static Ledger create(Path file, int capacity) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw");
             FileChannel ch = f.getChannel()) {
            f.setLength(8L * (capacity + 2));
            return new Ledger(ch.map(FileChannel.MapMode.READ_WRITE, 0, 8L * (capacity + 2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(long value) {
        map.putLong((int) (8 * (count + 1)), value);
        count++;
        map.putLong(0, count);
    }

    /** Writes the count of something done (no entries). */
    void count(long n) {
        map.putLong(0, n);
    }

    long count() {
        return map.getLong(0);
    }

    long get(long i) {
        return map.getLong((int) (8 * (i + 1)));
    }
}
