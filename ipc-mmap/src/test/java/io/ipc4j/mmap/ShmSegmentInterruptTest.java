package io.ipc4j.mmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Making and mapping a pipe's segment, on either side, outlasts an interrupt of the thread
 * (a file channel is closed by one), and the thread keeps its interrupt: as shared objects'
 * segments do ({@code InterruptedFirstUseTest}).
 */
@Timeout(30)
class ShmSegmentInterruptTest {
    @Test
    void anInterruptedThreadMakesAndAttachesASegmentAndKeepsItsInterrupt() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "segment-test-");
        try {
            Thread.currentThread().interrupt();
            ShmSegment made;
            ShmSegment attached;
            boolean kept;
            try {
                made = ShmSegment.create(dir);
                attached = ShmSegment.attach(dir, made.file());
            } finally {
                kept = Thread.interrupted();
            }
            assertTrue(kept, "the interrupt was swallowed");
            assertEquals(ProcessToken.SELF, attached.tokenOf(0));
            assertEquals(ProcessToken.SELF, made.tokenOf(1), "the two mappings are not of one file");
        } finally {
            Thread.interrupted();
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
