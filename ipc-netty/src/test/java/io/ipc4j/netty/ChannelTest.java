package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Netty transport on real sockets: framing, the HMAC handshake, the frame limit; the
 * framed channels' tests dial both with Netty and on a plain JDK socket ({@code -plain}).
 */
@Timeout(60)
class ChannelTest {
    private static final byte[] KEY = "the right key, thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRONG = "a wrong key, also thirty-two b!!".getBytes(StandardCharsets.US_ASCII);
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ipc4j-test-");
    }

    @AfterEach
    void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private ChannelTransport transport(String name) {
        return name.startsWith("uds") ? new NettyTransport.Uds() : new NettyTransport.Tcp();
    }

    /**
     * Dials with Netty, or for a {@code -plain} name on a plain JDK socket, as a JVM that runs
     * no Netty server (a child) dials: this JVM runs the test's server, so connect would choose Netty.
     */
    private static FrameChannel connect(String name, ChannelTransport t, ChannelSettings settings, String address,
                                        FrameHandler handler, Duration timeout) throws IOException {
        return name.endsWith("-plain") ? NettyTransport.connectPlain(settings, address, handler, timeout)
                : t.connect(settings, address, handler, timeout);
    }

    private ChannelSettings settings(byte[] key, int maxFrame) {
        return new ChannelSettings(key, maxFrame, "127.0.0.1", dir);
    }

    /** A server that records what it receives and how its channels end. */
    private static final class Recorder implements FrameHandler.Factory {
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> refused = new CompletableFuture<>();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();

        @Override
        public FrameHandler create(FrameChannel channel) {
            created.incrementAndGet();
            return new FrameHandler() {
                @Override
                public void onFrame(FrameChannel ch, byte[] frame) {
                    frames.add(frame);
                    ch.send(frame);
                }

                @Override
                public void onClose(FrameChannel ch, Throwable cause) {
                    closed.complete(cause);
                }
            };
        }

        @Override
        public void onRefused(String peer, Throwable cause) {
            refusals.incrementAndGet();
            refused.complete(cause);
        }
    }

    private static final class Collector implements FrameHandler {
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void onFrame(FrameChannel ch, byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void onClose(FrameChannel ch, Throwable cause) {
            closed.complete(cause);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void authenticatedPeersExchangeFramesInOrder(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        try (ChannelServer s = t.listen(settings(KEY, 1 << 20), "srv", server)) {
            Collector client = new Collector();
            FrameChannel ch = connect(name, t, settings(KEY, 1 << 20), s.address(), client, Duration.ofSeconds(10));
            for (int i = 0; i < 100; i++) {
                ch.send(new byte[] {(byte) i});
            }
            ch.send(new byte[0]);
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(new byte[] {(byte) i}, client.frames.poll(10, TimeUnit.SECONDS));
            }
            assertArrayEquals(new byte[0], client.frames.poll(10, TimeUnit.SECONDS));
            ch.close();
            assertNull(server.closed.get(10, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void wrongKeyFailsOnBothEndsAndNothingIsDelivered(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        try (ChannelServer s = t.listen(settings(KEY, 1 << 20), "srv", server)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> connect(name, t, settings(WRONG, 1 << 20), s.address(), new Collector(), Duration.ofSeconds(10)));
            assertNotNull(e.getMessage());
            assertInstanceOf(AuthenticationException.class, server.refused.get(10, TimeUnit.SECONDS));
            assertEquals(0, server.created.get(), "no handler may exist for an unauthenticated peer");
            assertTrue(server.frames.isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void serverWithTheWrongKeyIsRejectedByTheClient(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        try (ChannelServer s = t.listen(settings(WRONG, 1 << 20), "srv", server)) {
            assertThrows(AuthenticationException.class,
                    () -> connect(name, t, settings(KEY, 1 << 20), s.address(), new Collector(), Duration.ofSeconds(10)));
            assertNotNull(server.refused.get(10, TimeUnit.SECONDS));
            assertEquals(0, server.created.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void frameAboveTheReceiversLimitClosesTheChannel(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        try (ChannelServer s = t.listen(settings(KEY, 1000), "srv", server)) {
            Collector client = new Collector();
            FrameChannel ch = connect(name, t, settings(KEY, 1 << 20), s.address(), client, Duration.ofSeconds(10));
            ch.send(new byte[10]);
            assertArrayEquals(new byte[10], client.frames.poll(10, TimeUnit.SECONDS));
            ch.send(new byte[5000]);
            Throwable cause = server.closed.get(10, TimeUnit.SECONDS);
            assertInstanceOf(FrameTooLargeException.class, cause);
            assertTrue(cause.getMessage().contains("1000"), cause.getMessage());
            client.closed.get(10, TimeUnit.SECONDS);
            assertFalse(ch.isOpen());
            assertEquals(1, server.frames.size(), "the oversized frame must not be delivered");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void silentPeersAreClosedAfterTheHandshakeTimeoutWhileRealPeersGetIn(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        ChannelSettings quick = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir, Duration.ofMillis(500), 256);
        try (ChannelServer s = t.listen(quick, "srv", server);
             SilentPeers silent = SilentPeers.open(s.address(), 50)) {
            Collector client = new Collector();
            FrameChannel ch = connect(name, t, quick, s.address(), client, Duration.ofSeconds(10));
            assertEquals(50, silent.awaitClosed(50, Duration.ofSeconds(20)));
            assertEquals(0, silent.closedUnanswered(), "each was challenged, then closed at its deadline");
            Thread.sleep(600); // past the real peer's own deadline, which its success must have cancelled
            ch.send(new byte[] {1});
            assertArrayEquals(new byte[] {1}, client.frames.poll(10, TimeUnit.SECONDS));
            assertTrue(ch.isOpen());
            // the 50 silent ones; a real peer slowed past the short deadline by a loaded machine is
            // refused once more, and gets in on its next dial
            int refused = server.refusals.get();
            assertTrue(refused == 50 || refused == 51, "refused " + refused);
            ch.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp", "uds-plain", "tcp-plain"})
    void connectionsBeyondThePendingLimitAreClosedAtOnceAndARealPeerDialsAgain(String name) throws Exception {
        ChannelTransport t = transport(name);
        Recorder server = new Recorder();
        ChannelSettings tight = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir, Duration.ofSeconds(60), 10);
        try (ChannelServer s = t.listen(tight, "srv", server);
             SilentPeers silent = SilentPeers.open(s.address(), 30)) {
            assertEquals(20, silent.awaitClosed(20, Duration.ofSeconds(20)));
            assertEquals(10, silent.awaitOpenAndChallenged(10, Duration.ofSeconds(20)));
            assertEquals(20, silent.closedUnanswered());
            int refusedBefore = server.refusals.get();
            Collector client = new Collector();
            CompletableFuture<FrameChannel> real = CompletableFuture.supplyAsync(() -> {
                try {
                    return connect(name, t, tight, s.address(), client, Duration.ofSeconds(30));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (server.refusals.get() == refusedBefore) {
                assertFalse(real.isDone(), "the real peer cannot get in while every slot is held");
                Thread.sleep(5);
            }
            silent.hangUpOne();
            FrameChannel ch = real.get(20, TimeUnit.SECONDS);
            ch.send(new byte[] {2});
            assertArrayEquals(new byte[] {2}, client.frames.poll(10, TimeUnit.SECONDS));
            ch.close();
        }
    }

    @Test
    void senderRefusesAFrameAboveItsOwnLimit() throws Exception {
        ChannelTransport t = transport("uds");
        try (ChannelServer s = t.listen(settings(KEY, 100), "srv", new Recorder())) {
            FrameChannel ch = t.connect(settings(KEY, 100), s.address(), new Collector(), Duration.ofSeconds(10));
            assertThrows(FrameTooLargeException.class, () -> ch.send(new byte[101]));
            assertTrue(ch.isOpen());
            ch.close();
        }
    }

    @Test
    void tcpBindsToLoopbackAndUdsSocketIsPrivateAndRemoved() throws Exception {
        try (ChannelServer s = transport("tcp").listen(settings(KEY, 100), "srv", new Recorder())) {
            assertTrue(s.address().startsWith("tcp:127.0.0.1:"), s.address());
        }
        ChannelServer s = transport("uds").listen(settings(KEY, 100), "srv", new Recorder());
        Path socket = Path.of(s.address().substring("uds:".length()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        s.close();
        assertFalse(Files.exists(socket));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void directChannelsAuthenticateAndKeepFrames(String name) throws Exception {
        ChannelTransport t = transport(name);
        try (DirectListener l = t.listenDirect(settings(KEY, 4 << 20), "direct", 10_000)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            DirectChannel client = t.connectDirect(settings(KEY, 4 << 20), l.address(), 10_000, Duration.ofSeconds(10));
            DirectChannel server = accepted.get(10, TimeUnit.SECONDS);
            client.send((byte) 7, new byte[0], 0, 0);
            client.send((byte) 8, new byte[] {0, 1, 2, 3, 4}, 1, 3);
            byte[] big = new byte[2_000_000];
            big[1_999_999] = 9;
            client.send((byte) 9, big, 0, big.length);
            DirectChannel.Message empty = server.receive(-1);
            assertEquals(7, empty.tag());
            assertArrayEquals(new byte[0], empty.body());
            DirectChannel.Message slice = server.receive(-1);
            assertEquals(8, slice.tag());
            assertArrayEquals(new byte[] {1, 2, 3}, slice.body());
            assertArrayEquals(big, server.receive(-1).body());
            assertNull(server.receive(50_000_000L), "nothing more was sent");
            client.close();
            assertThrows(ConnectionEOFException.class, () -> server.receive(-1));
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void directChannelWithWrongKeyFailsOnBothEnds(String name) throws Exception {
        ChannelTransport t = transport(name);
        try (DirectListener l = t.listenDirect(settings(KEY, 1 << 20), "direct", 10_000)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            assertThrows(AuthenticationException.class,
                    () -> t.connectDirect(settings(WRONG, 1 << 20), l.address(), 10_000, Duration.ofSeconds(10)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> accepted.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, e.getCause());
        }
    }

    @Test
    void directFrameAboveTheReceiversLimitClosesTheChannel() throws Exception {
        ChannelTransport t = transport("uds");
        try (DirectListener l = t.listenDirect(settings(KEY, 1000), "direct", 10_000)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            DirectChannel client = t.connectDirect(settings(KEY, 1 << 20), l.address(), 10_000, Duration.ofSeconds(10));
            DirectChannel server = accepted.get(10, TimeUnit.SECONDS);
            client.send((byte) 0, new byte[5000], 0, 5000);
            FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> server.receive(-1));
            assertTrue(e.getMessage().contains("1000"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> server.receive(-1), "the channel is closed");
            client.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void directListenerTakesTheRealPeerWhileSilentConnectionsWait(String name) throws Exception {
        ChannelTransport t = transport(name);
        // a handshake timeout far beyond the test: the peer gets in because handshakes run side by side
        ChannelSettings patient = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir, Duration.ofMinutes(5), 256);
        try (DirectListener l = t.listenDirect(patient, "direct", 10_000);
             SilentPeers silent = SilentPeers.open(l.address(), 5)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            DirectChannel client = t.connectDirect(patient, l.address(), 10_000, Duration.ofSeconds(10));
            DirectChannel server = accepted.get(10, TimeUnit.SECONDS);
            client.send((byte) 1, new byte[] {42}, 0, 1);
            assertArrayEquals(new byte[] {42}, server.receive(TimeUnit.SECONDS.toNanos(10)).body());
            assertEquals(5, silent.awaitClosed(5, Duration.ofSeconds(10)), "the others are closed once the peer is in");
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void directListenerClosesSilentConnectionsAfterTheHandshakeTimeoutAndKeepsListening(String name)
            throws Exception {
        ChannelTransport t = transport(name);
        ChannelSettings quick = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir, Duration.ofMillis(500), 256);
        try (DirectListener l = t.listenDirect(quick, "direct", 10_000);
             SilentPeers silent = SilentPeers.open(l.address(), 5)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            assertEquals(5, silent.awaitClosed(5, Duration.ofSeconds(10)));
            assertEquals(0, silent.closedUnanswered(), "each was challenged, then closed at its deadline");
            DirectChannel client = t.connectDirect(quick, l.address(), 10_000, Duration.ofSeconds(10));
            DirectChannel server = accepted.get(10, TimeUnit.SECONDS);
            server.send((byte) 2, new byte[] {7}, 0, 1);
            assertArrayEquals(new byte[] {7}, client.receive(TimeUnit.SECONDS.toNanos(10)).body());
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void directListenerClosesConnectionsBeyondThePendingLimitAtOnceAndTheRealPeerDialsAgain(String name)
            throws Exception {
        ChannelTransport t = transport(name);
        ChannelSettings tight = new ChannelSettings(KEY, 1 << 20, "127.0.0.1", dir, Duration.ofMinutes(5), 3);
        try (DirectListener l = t.listenDirect(tight, "direct", 10_000);
             SilentPeers silent = SilentPeers.open(l.address(), 10)) {
            CompletableFuture<DirectChannel> accepted = acceptInBackground(l);
            assertEquals(7, silent.awaitClosed(7, Duration.ofSeconds(10)));
            assertEquals(3, silent.awaitOpenAndChallenged(3, Duration.ofSeconds(10)));
            assertEquals(7, silent.closedUnanswered());
            CompletableFuture<DirectChannel> dialed = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.connectDirect(tight, l.address(), 10_000, Duration.ofSeconds(30));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300); // lets the first dial be closed at once, so that only dialing again gets in
            assertFalse(dialed.isDone(), "no slot is free yet");
            silent.hangUpOne();
            DirectChannel client = dialed.get(20, TimeUnit.SECONDS);
            DirectChannel server = accepted.get(20, TimeUnit.SECONDS);
            client.send((byte) 3, new byte[] {9}, 0, 1);
            assertArrayEquals(new byte[] {9}, server.receive(TimeUnit.SECONDS.toNanos(10)).body());
            client.close();
            server.close();
        }
    }

    private static CompletableFuture<DirectChannel> acceptInBackground(DirectListener listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
