package io.ipc4j;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The forgotten-function suite again in a context with shared memory: chunks and results
 * cross in the workers' slots, so a chunk sent again for its function is written into a
 * slot again, and fenced again.
 */
class PoolFunctionCacheWithSlotsTest extends PoolFunctionCacheTest {

    @Test
    void theForgetfulPoolsHereUseSlots() throws Exception {
        try (Pool pool = forgetfulPool(1, 0, 1)) {
            try (Stream<java.nio.file.Path> files = Files.list(ShmDirs.of(mp))) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("shm-.pool-")).count());
            }
            forgottenFunction(pool);
        }
    }
}
