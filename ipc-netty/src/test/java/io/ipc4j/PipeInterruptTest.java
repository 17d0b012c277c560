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

    /**
     * A send blocked because the child does not read is ended by an interrupt: before, the
     * interrupt made the wait for room return at once, and the send spun on a core for ever.
     * Part of the message was written, so the end is closed (the rest cannot follow).
     */
    @ParameterizedTest
    @MethodSource("channels")
    void anInterruptedSendThatCannotFinishThrowsIpcInterruptedException(String channel) throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel))) {
            Pipe pipe = mp.pipe();
            Queue<String> never = mp.queue();
            ChildProcess child = mp.process((Connection c, Queue<String> n) -> {
                c.send("up");
                n.get(); // reads nothing more
            }, pipe.right(), never).daemon(true).start();
            Connection c = pipe.left();
            assertEquals("up", c.recv(WAIT));
            Thread me = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                sleepQuietly(500);
                me.interrupt();
            });
            interrupter.start();
            byte[] big = new byte[4 << 20];
            long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            assertThrows(IpcInterruptedException.class, () -> {
                for (int i = 0; i < 64; i++) {
                    c.sendBytes(big); // fills the socket's or ring's buffer, then waits for room
                }
            });
            assertTrue(Thread.interrupted(), "the interrupt status was not kept");
            interrupter.join();
            long cpuMillis = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0)
                    / 1_000_000;
            System.out.println(channel + ": the interrupted send used " + cpuMillis + " ms of CPU");
            child.terminate();
            assertTrue(child.join(WAIT));
        }
    }

    /** {@code poll(timeout)} answers false at its timeout while another thread waits in {@code recv} on the end. */
    @ParameterizedTest
    @MethodSource("channels")
    void aTimedPollWhileAnotherThreadReceivesAnswersAtItsTimeout(String channel) throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel))) {
            Pipe pipe = mp.pipe();
            Connection a = pipe.left();
            Connection b = pipe.right();
            a.send("connect");
            assertEquals("connect", b.recv(WAIT));
            java.util.concurrent.CompletableFuture<Object> received = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> b.recv(WAIT));
            Thread.sleep(300); // the other thread is in recv by then (if not, the poll below takes its lock first)
            long t0 = System.nanoTime();
            boolean ready = b.poll(Duration.ofMillis(200));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(ready && !received.isDone(), "poll saw a message that no one sent");
            assertTrue(millis < 20_000, "poll(200 ms) took " + millis + " ms"); // before: until the recv got a message
            assertFalse(Connection.wait(java.util.List.of(b), Duration.ofMillis(200)).contains(b) && !received.isDone());
            a.send("for the receiver");
            assertEquals("for the receiver", received.get(60, java.util.concurrent.TimeUnit.SECONDS));
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
