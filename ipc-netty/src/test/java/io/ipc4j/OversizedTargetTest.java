package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** A target too large to send fails {@code start()} in the caller instead of leaving a child waiting for it. */
@Timeout(90)
class OversizedTargetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "spares={0}")
    @ValueSource(ints = {0, 1})
    void startThrowsFrameTooLargeAndNoChildIsLeft(int spares) {
        try (Context mp = Context.create(Map.of(Config.MAX_FRAME_BYTES, "65536",
                Config.CHILD_SPARES, String.valueOf(spares)))) {
            assertTrue(mp.awaitSpares(WAIT));
            Set<Long> before = childPids();
            byte[] payload = new byte[100_000];
            ChildProcess big = mp.process(() -> System.out.println(payload.length)).name("big");

            FrameTooLargeException e = assertThrows(FrameTooLargeException.class, big::start);
            assertTrue(e.getMessage().contains("65536") && e.getMessage().contains("big"), e.getMessage());
            assertFalse(big.isAlive());
            assertEquals(Set.of(), mp.activeChildren().stream().collect(Collectors.toSet()));
            assertEquals(before, childPids(), "no child JVM may be started (or a spare used) for it");

            ChildProcess small = mp.process(() -> { }).start();
            assertTrue(small.join(WAIT));
            assertEquals(0, small.exitCode().orElseThrow());
        }
    }
}
