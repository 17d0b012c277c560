package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child that uses Chronicle loads jffi's native library from its context's private
 * directory, not from the temp directory: jffi extracts the library to a file and deletes
 * it once loaded, and a child killed in between left the file in {@code /tmp}. Seen in the
 * child's own memory map, where the library stays mapped after its file is deleted.
 */
@Timeout(120)
class ChronicleNativeLibraryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChronicleFixture fx = new ChronicleFixture();

    @AfterEach
    void close() {
        fx.close();
        ChronicleQueues.deleteTree(fx.root);
    }

    @Test
    void aChildExtractsJffisLibraryIntoItsContextsDirectory() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        Queue<String> report = fx.mp.queue();
        ChildProcess child = fx.mp.process((Queue<Integer> in, Queue<String> out) -> {
            in.put(1); // Chronicle loads jffi, on this thread or (were it ever so) another one
            String mapped = "";
            for (long end = System.nanoTime() + 10_000_000_000L; mapped.isEmpty() && System.nanoTime() < end; ) {
                mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                        .filter(l -> l.contains("jffi")).map(l -> l.substring(l.indexOf('/')))
                        .distinct().collect(Collectors.joining("\n"));
                Thread.sleep(mapped.isEmpty() ? 10 : 0);
            }
            out.put(mapped);
        }, q, report).start();
        String mapped = report.get(WAIT);
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow());
        assertFalse(mapped.isEmpty(), "the child did not load jffi: is it still how Chronicle reaches native code?");
        for (String library : mapped.split("\n")) {
            assertTrue(library.startsWith(fx.mp.socketDirectory().toString() + "/"),
                    "jffi's library was extracted outside the context's directory: " + library);
        }
    }
}
