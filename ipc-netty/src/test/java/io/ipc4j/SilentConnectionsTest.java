package io.ipc4j;

import io.ipc4j.netty.ListeningSockets;
import io.ipc4j.netty.SilentPeers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Connections that never authenticate, as a local user without the key might open them
 * (over TCP, any local user can): the coordinator closes them after the handshake timeout,
 * holds no more than its limit at once, and keeps serving its children meanwhile; a pipe
 * end that listens takes its real peer however many silent connections came first.
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

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void pipeEndTakesItsRealPeerWhileSilentConnectionsWait(String channel) throws Exception {
        // a handshake timeout far beyond the test: the peer gets in because handshakes run side by side
        try (Context mp = Context.create(Map.of(Config.CHANNEL, channel, Config.HANDSHAKE_TIMEOUT_MILLIS, "300000"))) {
            Pipe pipe = mp.pipe();
            Connection here = pipe.left();
            Set<String> before = ListeningSockets.ofThisProcess();
            here.send("ping"); // the first end to be used listens: this one, in this JVM
            Set<String> listening = new HashSet<>(ListeningSockets.ofThisProcess());
            listening.removeAll(before);
            assertEquals(1, listening.size(), listening::toString);
            try (SilentPeers silent = SilentPeers.open(listening.iterator().next(), 5)) {
                ChildProcess p = mp.process((Connection there) -> there.send(there.recv() + " pong"), pipe.right())
                        .start();
                assertEquals("ping pong", here.recv(Duration.ofSeconds(30)));
                assertTrue(p.join(Duration.ofSeconds(30)));
                assertEquals(OptionalInt.of(0), p.exitCode());
                assertEquals(5, silent.awaitClosed(5, Duration.ofSeconds(10)),
                        "the silent connections are closed once the peer is in");
            }
        }
    }
}
