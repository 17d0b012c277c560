package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child that ends its target ends its channel threads before it exits: a JVM with a
 * thread parked in epoll takes a few hundred milliseconds longer to exit, which every
 * {@code join} would wait for. What the child sent last still arrives.
 */
@Timeout(120)
class ChildExitTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aChildEndsItsChannelThreadsBeforeExitingAndWhatItSentArrives(@TempDir Path tmp) throws Exception {
        Path seen = tmp.resolve("io-threads-at-exit");
        String file = seen.toString();
        try (Context mp = Context.create()) {
            Pipe pipe = mp.pipe();
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Connection end, Queue<String> out) -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    long alive = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("ipc4j-io") && t.isAlive()).count();
                    try {
                        Files.writeString(Path.of(file), Long.toString(alive), StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
                for (int i = 0; i < 1000; i++) {
                    end.send("item " + i);
                }
                out.put("last");
            }, pipe.right(), q).start();
            for (int i = 0; i < 1000; i++) {
                assertEquals("item " + i, pipe.left().recv());
            }
            assertEquals("last", q.get(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        assertEquals("0", Files.readString(seen), "channel threads still running when the child's JVM exited");
    }

    /**
     * A child of a TLS context talks to its coordinator through Netty's event loops (threads
     * named {@code ipc4j-io}); it ends them before it exits.
     */
    @Test
    void aChildOfATlsContextEndsItsEventLoopsBeforeExiting(@TempDir Path tmp) throws Exception {
        Path seen = tmp.resolve("io-threads");
        String file = seen.toString();
        try (Context mp = Context.create(TlsContextTest.tlsSettings(tmp, "exit-pw"))) {
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Queue<String> out) -> {
                out.put("from the child");
                long whileRunning = ioThreads();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.writeString(Path.of(file), whileRunning + " " + ioThreads(), StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }, q).start();
            assertEquals("from the child", q.get(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        String[] counts = Files.readString(seen).split(" ");
        assertNotEquals("0", counts[0], "the child ran no event-loop thread: this test checks nothing");
        assertEquals("0", counts[1], "event-loop threads still running when the child's JVM exited");
    }

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ipc4j-io") && t.isAlive()).count();
    }
}
