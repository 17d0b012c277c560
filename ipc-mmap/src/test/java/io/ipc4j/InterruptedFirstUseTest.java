package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A thread that is interrupted while it makes a context's shared objects (their files are
 * mapped through file channels, which an interrupt closes) still gets them, keeps its
 * interrupt, and leaves nothing behind when the context closes.
 */
@Timeout(60)
class InterruptedFirstUseTest {

    @Test
    void anInterruptedThreadMakesTheFirstSharedObjectsAndKeepsItsInterrupt() {
        Path dir;
        try (Context mp = Context.create()) {
            dir = ShmDirs.of(mp);
            Thread.currentThread().interrupt();
            IntValue value;
            LongArray array;
            boolean kept;
            try {
                value = mp.intValue(7);
                array = mp.longArray(100_000); // larger than an arena's block: a file of its own
            } finally {
                kept = Thread.interrupted();
            }
            assertTrue(kept, "the interrupt was swallowed");
            assertEquals(7, value.get());
            array.set(99_999, 5);
            assertEquals(5, array.get(99_999));
        }
        assertFalse(Files.exists(dir), "left " + dir);
    }
}
