package io.ipc4j;

import io.ipc4j.netty.SilentPeers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Connections that never authenticate, as a local user without the key might open them
 * (over TCP, any local user can): the coordinator closes them after the handshake timeout,
 * holds no more than its limit at once, and keeps serving its children meanwhile.
 */
@Timeout(120)
class SilentConnectionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void coordinatorServesAChildWhileSilentConnectionsAreOpenAndClosesThem(String channel) throws Exception {
        int silentCount = 300; // more than the default ipc4j.maxPendingHandshakes
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel, Config.HANDSHAKE_TIMEOUT_MILLIS, "2000"));
             SilentPeers silent = SilentPeers.open(mp.controlAddress(), silentCount)) {
            Queue<Integer> q = mp.queue();
            ChildProcess p = mp.process((Queue<Integer> out) -> out.put(42), q).start();
            assertEquals(42, q.get(Duration.ofSeconds(60)));
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertEquals(silentCount, silent.awaitClosed(silentCount, Duration.ofSeconds(30)),
                    "every silent connection is closed by the coordinator");
        }
    }
}
