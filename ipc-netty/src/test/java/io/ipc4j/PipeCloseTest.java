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
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // Let the reader reach its wait in the selector; the assertion does not depend on it.
        Thread.sleep(300);
        assertFalse(blocked.isDone(), "nothing was sent, yet the reader returned");
        reader.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionEOFException.class, e.getCause(), () -> "got " + e.getCause());
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
