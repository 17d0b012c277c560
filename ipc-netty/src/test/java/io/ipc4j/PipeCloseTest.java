package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A thread blocked receiving on an end that another thread closes gets ConnectionEOFException. */
@Timeout(120)
class PipeCloseTest {

    /** The channel transports the suite runs on; a module with another one hides this in a subclass. */
    static Stream<String> channels() {
        return Stream.of("uds", "tcp");
    }

    private static void blockedThenClosed(Connection reader, ThrowingCall call) throws Exception {
        CompletableFuture<Object> blocked = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                blocked.complete(call.run());
            } catch (Throwable e) {
                blocked.completeExceptionally(e);
            }
        }, "blocked-reader");
        t.start();
        // closed before it reads, the end would say it is closed (IllegalStateException), not end-of-file
        awaitInsideChannel(t);
        assertFalse(blocked.isDone(), "nothing was sent, yet the reader returned");
        reader.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionEOFException.class, e.getCause(), () -> "got " + e.getCause());
        t.join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * Waits until {@code t} waits in a channel for a message (a socket's or shared memory's):
     * past the channel's check that it is open, which a close landing first fails with
     * IllegalStateException (seen on shared memory when the reader was only inside receive).
     */
    private static void awaitInsideChannel(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("io.ipc4j.") && frame.getClassName().endsWith("Channel")
                        && frame.getMethodName().equals("awaitFilled")) {
                    return;
                }
            }
            Thread.sleep(1);
        }
        fail("the reader never reached its channel: " + java.util.Arrays.toString(t.getStackTrace()));
    }

    interface ThrowingCall {
        Object run() throws Exception;
    }

    @ParameterizedTest
    @MethodSource("channels")
    void closingAnEndEndsTheThreadBlockedOnIt(String channel) throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel))) {
            // Many rounds: a close that lands while the reader spins (reading the socket between
            // yields) once made poll() answer true instead of throwing.
            for (int round = 0; round < 60; round++) {
                Pipe pipe = mp.pipe();
                Connection a = pipe.left();
                Connection b = pipe.right();
                a.send("connect");
                assertEquals("connect", b.recv(Duration.ofSeconds(30)));
                switch (round % 3) {
                    case 0 -> blockedThenClosed(b, b::recv);
                    case 1 -> blockedThenClosed(b, () -> b.recv(Duration.ofSeconds(60)));
                    default -> blockedThenClosed(b, () -> b.poll(Duration.ofSeconds(60)));
                }
                assertTrue(b.isClosed());
                a.close();
            }
        }
    }

    /**
     * A close at any moment of a wait, spinning or blocked, makes the waiting {@code poll}
     * throw ConnectionEOFException (or IllegalStateException when it came before the call),
     * never answer. A close during the spin's reads of the socket once answered true.
     */
    @ParameterizedTest
    @MethodSource("channels")
    void aCloseAtAnyMomentOfAPollEndsItWithEndOfFile(String channel) throws Exception {
        // long spins, so that many closes land while the reader spins
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel, Config.SPIN_NANOS, "2000000"))) {
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < 200; i++) {
                int round = i;
                Pipe pipe = mp.pipe();
                Connection a = pipe.left();
                Connection b = pipe.right();
                a.send("connect");
                assertEquals("connect", b.recv(Duration.ofSeconds(30)));
                CompletableFuture<Boolean> polled = CompletableFuture.supplyAsync(() -> b.poll(Duration.ofSeconds(60)));
                long until = System.nanoTime() + random.nextInt(1_000_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                b.close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> polled.get(30, TimeUnit.SECONDS),
                        "round " + round);
                assertTrue(e.getCause() instanceof ConnectionEOFException || e.getCause() instanceof IllegalStateException,
                        () -> "round " + round + ": " + e.getCause());
                a.close();
            }
        }
    }
}
