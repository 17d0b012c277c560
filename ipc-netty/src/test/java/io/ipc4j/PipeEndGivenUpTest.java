package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A pipe end whose holders are all gone without using it: its other end reads
 * end-of-file instead of waiting for ever. And where a copy may still be used, it does not.
 */
@Timeout(120)
class PipeEndGivenUpTest {

    /** The channel transports the suite runs on; a module with another one hides this in a subclass. */
    static Stream<String> channels() {
        return Stream.of("uds", "tcp");
    }
    /** Far longer than any of these cases may take: end-of-file must come, not this timeout. */
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Context context(String channel) {
        return Context.create(Map.of(Config.CHANNEL, channel));
    }

    @ParameterizedTest
    @MethodSource("channels")
    void aChildThatExitsWithoutUsingItsEndGivesEofToAReceiverAlreadyWaiting(String channel) throws Exception {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<String> go = mp.queue();
            ChildProcess p = mp.process((Connection unused, Queue<String> q) -> q.get(), pipe.right(), go).start();
            CompletableFuture<Throwable> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return new AssertionError("received " + pipe.left().recv(LONG));
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(300); // the receiver listens for its peer before the child ends
            go.put("exit now");
            assertTrue(p.join(WAIT));
            assertInstanceOf(ConnectionEOFException.class, received.get(60, TimeUnit.SECONDS));
            assertTrue(pipe.left().poll(), "end of stream counts as ready");
            assertThrows(ConnectionEOFException.class, () -> pipe.left().send("anyone?"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.right().send("late"));
            assertTrue(e.getMessage().contains("given up"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void aKilledChildsUnusedEndGivesEofToAReceiverThatComesLater(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection unused) -> Thread.sleep(60_000), pipe.left()).start();
            p.kill();
            assertTrue(p.join(WAIT));
            assertThrows(ConnectionEOFException.class, () -> pipe.right().recv(LONG));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void anEndGivenToTwoChildrenLivesUntilBothAreGone(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<String> go = mp.queue();
            ChildProcess idle = mp.process((Connection unused) -> { }, pipe.right()).start();
            ChildProcess user = mp.process((Connection c, Queue<String> q) -> {
                q.get();
                c.send("from the second holder");
            }, pipe.right(), go).start();
            assertTrue(idle.join(WAIT));
            go.put("the first holder is gone: send");
            assertEquals("from the second holder", pipe.left().recv(LONG));
            assertTrue(user.join(WAIT));
            assertEquals(0, user.exitCode().orElseThrow());
            assertThrows(ConnectionEOFException.class, () -> pipe.left().recv(LONG));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void anEndPassedOnThroughAQueueStaysUsableAfterItsFirstHolderExits(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<Connection> ends = mp.queue();
            ChildProcess forwarder = mp.process((Connection c, Queue<Connection> q) -> q.put(c), pipe.right(), ends)
                    .start();
            assertTrue(forwarder.join(WAIT));
            assertEquals(0, forwarder.exitCode().orElseThrow());
            ChildProcess user = mp.process((Queue<Connection> q) -> q.get().send("came through the queue"), ends)
                    .start();
            assertEquals("came through the queue", pipe.left().recv(LONG));
            assertTrue(user.join(WAIT));
            assertEquals(0, user.exitCode().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void closingTheKeptEndUnusedGivesEofToTheChild(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<String> outcome = mp.queue();
            ChildProcess p = mp.process((Connection c, Queue<String> out) -> {
                try {
                    out.put("received " + c.recv(LONG));
                } catch (ConnectionEOFException e) {
                    out.put("eof");
                }
            }, pipe.left(), outcome).start();
            pipe.right().close();
            assertEquals("eof", outcome.get(WAIT));
            assertTrue(p.join(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void closingTheContextEndsAChildWaitingOnAnEndTheContextKeptUnused(String channel) throws Exception {
        Context mp = context(channel);
        Pipe pipe = mp.pipe();
        ChildProcess p = mp.process((Connection c) -> {
            try {
                c.recv();
            } catch (ConnectionEOFException expected) {
                System.exit(3);
            }
        }, pipe.left()).start();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(mp::close);
        try {
            closed.get(60, TimeUnit.SECONDS);
        } finally {
            p.kill();
        }
        assertEquals(3, p.exitCode().orElseThrow(), "the child must have read end-of-file");
    }

    /** The child claims the dialing end and dies before it connects: the listener here reads end-of-file. */
    @ParameterizedTest
    @MethodSource("channels")
    void aDialerThatDiesBeforeConnectingLeavesTheListenerAtEndOfFile(String channel) {
        try (Context ctx = Context.create(Map.of(Config.CHANNEL, channel, Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Dipc4j.fault.pipe.beforeDial=halt"))) {
            Pipe pipe = ctx.pipe();
            Connection mine = pipe.left();
            assertFalse(mine.poll(Duration.ofMillis(100)), "nothing yet; this end now listens");
            ChildProcess dialer = ctx.process((Connection c) -> c.send("never"), pipe.right()).daemon(true).start();
            assertTrue(dialer.join(WAIT));
            assertEquals(99, dialer.exitCode().orElseThrow(), "the child halted at the fault point");
            assertThrows(ConnectionEOFException.class, () -> mine.recv(Duration.ofSeconds(20)));
        }
    }

    /** The child claims the listening end and dies before it says where: the dialer here reads end-of-file. */
    @ParameterizedTest
    @MethodSource("channels")
    void aListenerThatDiesBeforeItIsReadyLeavesTheDialerAtEndOfFile(String channel) throws Exception {
        try (Context ctx = Context.create(Map.of(Config.CHANNEL, channel, Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Dipc4j.fault.pipe.beforeRegister=halt"))) {
            Pipe pipe = ctx.pipe();
            ChildProcess listener = ctx.process((Connection c) -> c.recv(), pipe.right()).daemon(true).start();
            // Not join(): it would open the end kept here first, and this end would listen.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (listener.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(99, listener.exitCode().orElseThrow(), "the child halted at the fault point");
            long t0 = System.nanoTime();
            assertThrows(ConnectionEOFException.class, () -> pipe.left().recv(Duration.ofSeconds(20)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos(), "end-of-file came late");
        }
    }
}
