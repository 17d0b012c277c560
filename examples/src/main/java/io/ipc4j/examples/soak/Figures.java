package io.ipc4j.examples.soak;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a long-running process must keep flat, read from {@code /proc/self}: heap in use
 * after a collection, open file descriptors, threads and memory mappings.
 */
public record Figures(long heapBytes, int fds, int threads, int mappings) {

    /**
     * Collects garbage and measures, again while that frees more: what a collection found
     * unreachable is closed and unmapped by cleaner threads, which lag on a busy machine.
     */
    public static Figures now() {
        Figures last = afterCollection();
        for (int i = 0; i < 20; i++) {
            Figures next = afterCollection();
            if (next.fds >= last.fds && next.mappings >= last.mappings) {
                return next;
            }
            last = next;
        }
        return last;
    }

    private static Figures afterCollection() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime rt = Runtime.getRuntime();
        return new Figures(rt.totalMemory() - rt.freeMemory(), count("/proc/self/fd"), count("/proc/self/task"),
                lines(Path.of("/proc/self/maps")));
    }

    private static int count(String dir) {
        String[] entries = new File(dir).list();
        return entries == null ? -1 : entries.length;
    }

    private static int lines(Path file) {
        try (Stream<String> s = Files.lines(file)) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line: {@code heap=12.3MB fds=80 threads=31 maps=512}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap=%.1fMB fds=%d threads=%d maps=%d", heapBytes / 1e6, fds, threads,
                mappings);
    }
}
