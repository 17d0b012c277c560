package io.ipc4j;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Pipe behaviour across real child JVMs, over every channel transport. */
@Timeout(120)
class PipeTest {

    /** The channel transports the suite runs on; a module with another one hides this in a subclass. */
    static Stream<String> channels() {
        return Stream.of("uds", "tcp");
    }
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Context context(String channel) {
        return Context.create(Map.of(Config.CHANNEL, channel));
    }

    static void echo(Connection c) {
        while (true) {
            byte[] m;
            try {
                m = c.recvBytes();
            } catch (ConnectionEOFException e) {
                return;
            }
            c.sendBytes(m);
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void boundariesEmptyMessagesAndSixteenMebibytesRoundTrip(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(PipeTest::echo, pipe.right()).start();
            Connection c = pipe.left();
            byte[][] messages = {new byte[0], {1}, new byte[1000], new byte[0], new byte[70_000]};
            new Random(7).nextBytes(messages[2]);
            for (byte[] m : messages) {
                c.sendBytes(m);
            }
            for (byte[] m : messages) {
                assertArrayEquals(m, c.recvBytes(WAIT));
            }
            byte[] big = new byte[16 << 20];
            new Random(1).nextBytes(big);
            c.sendBytes(big);
            assertArrayEquals(big, c.recvBytes(WAIT));
            c.close();
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void objectsTravelAndRecvAfterPeerClosedThrowsEof(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection c) -> {
                c.send(List.of(1, "two", 3.0));
                c.send(null);
                c.close();
            }, pipe.right()).start();
            Connection c = pipe.left();
            assertEquals(List.of(1, "two", 3.0), c.recv(WAIT));
            assertNull(c.recv(WAIT));
            assertThrows(ConnectionEOFException.class, () -> c.recv(WAIT));
            assertTrue(c.poll(), "end of stream counts as ready");
            assertTrue(p.join(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void endsPassedToTwoChildrenTalkDirectly(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<Integer> result = mp.queue();
            ChildProcess sender = mp.process((Connection c) -> {
                for (int i = 1; i <= 100; i++) {
                    c.send(i);
                }
                c.send("END");
            }, pipe.left()).start();
            ChildProcess receiver = mp.process((Connection c, Queue<Integer> out) -> {
                int sum = 0;
                for (Object m = c.recv(); !"END".equals(m); m = c.recv()) {
                    sum += (Integer) m;
                }
                out.put(sum);
            }, pipe.right(), result).start();
            assertEquals(5050, result.get(WAIT));
            assertTrue(sender.join(WAIT));
            assertTrue(receiver.join(WAIT));
            assertEquals(0, sender.exitCode().orElseThrow());
            assertEquals(0, receiver.exitCode().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void childMessagesArriveWhenParentJoinsBeforeReceiving(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection c) -> c.send("sent before the parent looked"), pipe.right())
                    .start();
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
            assertEquals("sent before the parent looked", pipe.left().recv(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void oneWayPipeRefusesTheWrongDirection(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe(false);
            assertTrue(pipe.left().readable());
            assertFalse(pipe.left().writable());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.left().send("x"));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> pipe.right().recv());
            pipe.right().send("fine");
            assertEquals("fine", pipe.left().recv(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void timeoutsPollAndWait(String channel) {
        try (Context mp = context(channel)) {
            Pipe a = mp.pipe();
            Pipe b = mp.pipe();
            long t0 = System.nanoTime();
            assertThrows(IpcTimeoutException.class, () -> a.left().recv(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(190).toNanos());
            assertFalse(a.left().poll(Duration.ofMillis(50)));
            assertEquals(List.of(), Connection.wait(List.of(a.left(), b.left()), Duration.ofMillis(100)));

            ChildProcess p = mp.process((Connection c) -> {
                Thread.sleep(200);
                c.send("late");
            }, b.right()).start();
            List<Connection> ready = Connection.wait(List.of(a.left(), b.left()), WAIT);
            assertEquals(List.of(b.left()), ready);
            assertTrue(b.left().poll());
            assertEquals("late", b.left().recv());
            assertTrue(p.join(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void messageAboveTheLimitFailsTheSenderAndThePipeStaysUsable(String channel) {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel, Config.MAX_FRAME_BYTES, "4096"))) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(PipeTest::echo, pipe.right()).start();
            FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                    () -> pipe.left().sendBytes(new byte[5000]));
            assertTrue(e.getMessage().contains("4096"), e.getMessage());
            byte[] ok = new byte[4000];
            Arrays.fill(ok, (byte) 3);
            pipe.left().sendBytes(ok);
            assertArrayEquals(ok, pipe.left().recvBytes(WAIT));
            pipe.left().close();
            assertTrue(p.join(WAIT));
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void anEndCanBeUsedByOneProcessOnly(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection c) -> c.send("mine"), pipe.right()).start();
            assertEquals("mine", pipe.left().recv(WAIT));
            assertTrue(p.join(WAIT));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pipe.right().send("also"));
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void closeBeforeThePeerDialsInKeepsTheMessagesAndReturnsAtOnce(String channel) {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            Queue<String> status = mp.queue();
            ChildProcess p = mp.process((Connection c, Queue<String> out) -> {
                c.send("hello");
                c.send("again");
                c.close();
                out.put("closed");
            }, pipe.left(), status).start();
            assertEquals("closed", status.get(WAIT), "close() must not wait for the peer");
            Connection mine = pipe.right();
            assertEquals("hello", mine.recv(WAIT));
            assertEquals("again", mine.recv(WAIT));
            assertThrows(ConnectionEOFException.class, () -> mine.recv(WAIT));
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("channels")
    void aThreadSendingDoesNotBlockAnotherReceivingOnTheSameEnd(String channel) throws Exception {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess echo = mp.process(PipeTest::echo, pipe.right()).start();
            Connection c = pipe.left();
            byte[] big = new byte[8 << 20];
            big[big.length - 1] = 5;
            int rounds = 6;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    c.sendBytes(big);
                }
            });
            sender.start();
            for (int i = 0; i < rounds; i++) {
                assertArrayEquals(big, c.recvBytes(WAIT), "echo " + i);
            }
            sender.join(WAIT.toMillis());
            c.close();
            assertTrue(echo.join(WAIT));
        }
    }

    static void readyThenSleep(Connection c) throws InterruptedException {
        c.send("ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @MethodSource("channels")
    void aSenderBlockedOnAPeerThatReadsNothingGetsEofWhenThePeerIsKilled(String channel) throws Exception {
        try (Context mp = context(channel)) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(PipeTest::readyThenSleep, pipe.right()).daemon(true).start();
            Connection c = pipe.left();
            assertEquals("ready", c.recv(WAIT));
            byte[] chunk = new byte[1 << 20];
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                while (true) {
                    c.sendBytes(chunk); // until the buffers between the two processes are full
                }
            });
            Thread.sleep(500);
            assertFalse(sender.isDone(), "the sender should be blocked on a full pipe: " + sender);
            p.kill();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> sender.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionEOFException.class, e.getCause(), () -> "got " + e.getCause());
            assertTrue(p.join(WAIT));
        }
    }
}
