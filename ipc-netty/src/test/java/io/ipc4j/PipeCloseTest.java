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

    /** Waits until {@code t} is in a channel's receive or wait for a message (a socket's or shared memory's). */
    private static void awaitInsideChannel(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("io.ipc4j.") && frame.getClassName().endsWith("Channel")
                        && (frame.getMethodName().equals("receive") || frame.getMethodName().equals("awaitReady"))) {
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
            for (int round = 0; round < 3; round++) {
                Pipe pipe = mp.pipe();
                Connection a = pipe.left();
                Connection b = pipe.right();
                a.send("connect");
                assertEquals("connect", b.recv(Duration.ofSeconds(30)));
                switch (round) {
                    case 0 -> blockedThenClosed(b, b::recv);
                    case 1 -> blockedThenClosed(b, () -> b.recv(Duration.ofSeconds(60)));
                    default -> blockedThenClosed(b, () -> b.poll(Duration.ofSeconds(60)));
                }
                assertTrue(b.isClosed());
                a.close();
            }
        }
    }
}
