package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ipc4j leaves jnr-ffi out of Chronicle's dependencies: Chronicle's {@code Jvm} class would
 * generate its POSIX bindings in every JVM that touches a queue (100-200 ms) for calls ipc4j
 * never needs, and jnr-ffi's jffi extracts a native library into the temp directory, where a
 * child killed before it deleted the file left it. A child that uses a queue runs on
 * Chronicle's no-op POSIX API and maps no jffi library; were jnr-ffi put back on the class
 * path (a user may), jffi would extract into the context's private directory.
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
    void aChildUsesChronicleWithoutJnrAndWouldExtractJffiIntoItsContextsDirectory() throws Exception {
        ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
        Queue<List<String>> report = fx.mp.queue();
        ChildProcess child = fx.mp.process((Queue<Integer> in, Queue<List<String>> out) -> {
            in.put(1);
            boolean jnr;
            try {
                Class.forName("jnr.ffi.Platform");
                jnr = true;
            } catch (ClassNotFoundException e) {
                jnr = false;
            }
            boolean jffiMapped = Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains("jffi"));
            out.put(List.of(Boolean.toString(jnr), Boolean.toString(jffiMapped),
                    net.openhft.posix.PosixAPI.posix().getClass().getSimpleName(),
                    String.valueOf(System.getProperty("jffi.extract.dir"))));
        }, q, report).start();
        List<String> seen = report.get(WAIT);
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow());
        assertEquals("false", seen.get(0), "jnr-ffi is on the children's class path again");
        assertEquals("false", seen.get(1), "the child mapped a jffi library");
        assertEquals("NoOpPosixAPI", seen.get(2), "Chronicle's POSIX API");
        assertEquals(fx.mp.socketDirectory().toString(), seen.get(3), "where jffi would extract its library");
        assertEquals(1, q.get(WAIT));
    }
}
