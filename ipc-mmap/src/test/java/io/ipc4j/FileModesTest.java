package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** What a context puts in shared memory, the doorbell socket included, is its owner's alone. */
@Timeout(60)
class FileModesTest {

    @Test
    void everyFileIsReadableByItsOwnerOnly() throws Exception {
        try (Context mp = Context.create()) {
            Event never = mp.event();
            assertFalse(never.waitFor(Duration.ofMillis(300)), "a waiter parks, and listens on the doorbell");
            Path dir = ShmDirs.of(mp);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE), Files.getPosixFilePermissions(dir));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.collect(Collectors.toList());
            }
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().matches("(bell|fifo)-[0-9]+")),
                    "no doorbell socket or FIFO in " + files);
            for (Path f : files) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                        f.toString());
            }
        }
    }
}
