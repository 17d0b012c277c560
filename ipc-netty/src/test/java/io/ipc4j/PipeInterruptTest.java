package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A thread interrupted when it first uses a pipe end, and so dials the end a child
 * listens on, still connects: the interrupt closes the socket being connected, which is
 * not the peer being gone. The call goes through, the interrupt stays set, and the pipe
 * works on. A thread interrupted while it waits in {@code recv} or {@code join} gets an
 * {@link IpcInterruptedException}, as a waiter on a lock does, and loses no message.
 */
@Timeout(120)
class PipeInterruptTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The channel transports the suite runs on; a module with another one hides this in a subclass. */
    static Stream<String> channels() {
        return Stream.of("uds", "tcp");
    }

    /** Listens first (its first use), says so on {@code listening}, then echoes one message. */
    static void listenThenEcho(Connection c, Queue<String> listening) {
        c.send("ready");
        listening.put("listening");
        c.send("echo:" + c.recv());
    }

    @ParameterizedTest
    @MethodSource("channels")
    void anInterruptedThreadDialsTheListeningEndAndKeepsItsInterrupt(String channel) {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel))) {
            for (int round = 0; round < 2; round++) {
                Pipe pipe = mp.pipe();
                Queue<String> listening = mp.queue();
                ChildProcess child = mp.process(PipeInterruptTest::listenThenEcho, pipe.right(), listening)
                        .daemon(true).start(); // ended by close if the test fails
                assertEquals("listening", listening.get(WAIT));
                Connection c = pipe.left();
                Thread.currentThread().interrupt();
                boolean kept;
                try {
                    c.send("hi"); // the first use of this end: it dials the child's
                } finally {
                    kept = Thread.interrupted();
                }
                assertTrue(kept, "the interrupt was swallowed");
                assertEquals("ready", c.recv(WAIT));
                assertEquals("echo:hi", c.recv(WAIT));
                c.close();
                assertTrue(child.join(WAIT), "the child did not end");
                assertEquals(0, child.exitCode().orElseThrow());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void anInterruptedRecvOrJoinThrowsIpcInterruptedExceptionAndLosesNoMessage(String channel) throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel))) {
            Pipe pipe = mp.pipe();
            ChildProcess child = mp.process(PipeInterruptTest::echoOnce, pipe.right()).daemon(true).start();
            Connection c = pipe.left();
            c.send("ping");
            assertEquals("ping", c.recv(WAIT)); // connected both ways; the child now waits for a second message
            for (boolean timed : new boolean[] {false, true}) {
                Thread me = Thread.currentThread();
                Thread interrupter = new Thread(() -> {
                    sleepQuietly(300);
                    me.interrupt();
                });
                interrupter.start();
                IpcInterruptedException e = assertThrows(IpcInterruptedException.class,
                        () -> {
                            if (timed) {
                                c.recv(WAIT);
                            } else {
                                c.recv();
                            }
                        });
                boolean kept = Thread.interrupted(); // before join(), which would throw with it set
                interrupter.join();
                assertTrue(kept, "the interrupt status was not set again: " + e);
            }
            Thread.currentThread().interrupt();
            assertThrows(IpcInterruptedException.class, () -> child.join(WAIT));
            assertTrue(Thread.interrupted());
            c.send("last");
            assertEquals("last", c.recv(WAIT), "a message was lost to the interrupted receives");
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
    }

    /** Echoes two messages, the second one a while after the first. */
    static void echoOnce(Connection c) {
        c.send(c.recv());
        c.send(c.recv());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
