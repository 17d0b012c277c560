package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * With shared memory on the class path, a spare maps a throwaway file before it reports
 * ready, so that a pool worker's first attach to its chunk slots finds the mapping classes
 * loaded; the file does not outlive the warm-up. Seen in the class-loading log the spare
 * JVM writes before it has a target. The file is made in the context's directory, which the
 * context removes as it closes, not in the temp directory, where a spare killed before it
 * deleted the file left it: here the spare's temp directory does not even exist.
 */
@Timeout(180)
class SpareMappingWarmUpTest {

    @Test
    void aReadySpareHasMappedAFileInItsContextsDirectoryAndLeftNoneBehind(@TempDir Path dir) throws Exception {
        Path tmp = dir.resolve("no-such-tmp");
        String log = "-Xlog:class+load=info:file=" + dir.resolve("spare-%p.log");
        // no archive builder, whose JVM would write a log of its own beside the spare's
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "1", Config.CHILD_CDS, "off",
                Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC -Djava.io.tmpdir=" + tmp + " " + log))) {
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spare was not ready");
            String loaded = spareLog(dir);
            for (String c : List.of("io.ipc4j.mmap.Segments ", "sun.nio.ch.FileChannelImpl$Unmapper ")) {
                assertTrue(loaded.contains(c), "the ready spare has not loaded " + c.trim());
            }
            try (Stream<Path> left = Files.list(mp.socketDirectory())) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("ipc4j-warm-up-"))
                        .collect(Collectors.toList()), "the warm-up left files behind");
            }
            assertFalse(Files.exists(tmp));
            // and the spare, as a pool worker, still takes its chunks through its slots
            try (Pool pool = mp.pool(1)) {
                List<Integer> items = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
                List<Long> squares = pool.map(x -> (long) x * x, items);
                assertEquals(998_001L, (long) squares.get(999));
            }
        }
    }

    private static String spareLog(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith("spare-")).toList();
            assertEquals(1, logs.size(), "expected the log of one spare JVM: " + logs);
            return Files.readString(logs.get(0));
        }
    }
}
