package io.ipc4j;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.netty.SilentPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Listener} and {@link Client} (CPython's {@code multiprocessing.connection}): two
 * unrelated JVMs talk both ways over TCP and Unix domain sockets; a wrong key fails on both
 * sides; nothing from a peer that did not authenticate is deserialized, nor held beyond the
 * handshake limits; and a connection behaves as a pipe end does.
 */
@Timeout(120)
class ListenerClientTest {
    private static final byte[] KEY = "the key both sides hold".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG_KEY = "a key the listener does not know".getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] CHALLENGE = "#CHALLENGE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    private Address anyAddress(String family) {
        return family.equals("tcp") ? Address.tcp("127.0.0.1", 0) : Address.unix(dir.resolve("listener.sock"));
    }

    // --- two unrelated JVMs ---

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "uds"})
    void aJvmWithoutAContextDialsThisListenerAndTheyTalkBothWays(String family) throws Exception {
        try (Listener listener = new Listener(anyAddress(family), KEY)) {
            if (family.equals("tcp")) {
                assertNotEquals(0, listener.address().port(), "address() tells the port the system chose");
            }
            Process peer = startPeer("dial", listener.address());
            try (BufferedReader out = stdout(peer)) {
                try (Connection c = listener.accept(WAIT)) {
                    talkTo(c, peer);
                }
                assertEquals("eof", out.readLine(), "the peer reads end of stream once this side closed");
                assertExitedCleanly(peer);
            } finally {
                peer.destroyForcibly();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "uds"})
    void thisJvmDialsAListenerInAnotherJvmWithoutAContext(String family) throws Exception {
        Process peer = startPeer("listen", anyAddress(family));
        try (BufferedReader out = stdout(peer)) {
            String line = out.readLine();
            assertNotNull(line, "the peer ended before it listened");
            Address address = Address.parse(line.substring("listening ".length()));
            try (Connection c = Client.connect(address, KEY, WAIT)) {
                talkTo(c, peer);
            }
            assertEquals("eof", out.readLine(), "the peer reads end of stream once this side closed");
            assertExitedCleanly(peer);
            if (family.equals("uds")) {
                assertFalse(Files.exists(address.path()), "a closed listener removes its socket file");
            }
        } finally {
            peer.destroyForcibly();
        }
    }

    private static void talkTo(Connection c, Process peer) {
        assertEquals("hello from " + peer.pid(), c.recv(WAIT));
        c.send(List.of(1, 2, 3));
        assertEquals("echo [1, 2, 3]", c.recv(WAIT));
        c.sendBytes(new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {4, 3, 2, 1}, c.recvBytes(WAIT));
    }

    private static Process startPeer(String role, Address address) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConnectionPeerMain.class.getName(), role,
                address.toString());
        pb.environment().put("PEER_AUTH_KEY", HexFormat.of().formatHex(KEY));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void assertExitedCleanly(Process p) throws InterruptedException {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the peer did not exit");
        assertEquals(0, p.exitValue());
    }

    // --- authentication ---

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "uds"})
    void aWrongKeyFailsOnBothSidesAndTheListenerServesTheNextClient(String family) throws Exception {
        try (Listener listener = new Listener(anyAddress(family), KEY)) {
            Future<Connection> refused = background.submit(() -> listener.accept(WAIT));
            assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), WRONG_KEY, WAIT));
            ExecutionException onListener = assertThrows(ExecutionException.class,
                    () -> refused.get(30, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, onListener.getCause());

            Future<Connection> next = background.submit(() -> listener.accept(WAIT));
            try (Connection good = Client.connect(listener.address(), KEY, WAIT);
                 Connection there = next.get(30, TimeUnit.SECONDS)) {
                good.send("served after a refusal");
                assertEquals("served after a refusal", there.recv(WAIT));
            }
        }
    }

    @Test
    void theClientRefusesAListenerThatCannotAnswerItsChallenge() throws Exception {
        // A listener without the key that lets everyone in: the dialer's own challenge unmasks it.
        try (ServerSocket rogue = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Future<byte[]> verdict = background.submit(() -> {
                try (Socket s = rogue.accept()) {
                    Frames f = new Frames(s);
                    f.send(newChallenge());
                    f.read(); // the client's answer, not checked
                    f.send(WELCOME);
                    byte[] theirs = f.read();
                    f.send(hmac(WRONG_KEY, theirs));
                    return f.read();
                }
            });
            assertThrows(AuthenticationException.class,
                    () -> Client.connect(Address.tcp("127.0.0.1", rogue.getLocalPort()), KEY, WAIT));
            assertArrayEquals(FAILURE, verdict.get(30, TimeUnit.SECONDS), "the client tells the listener it failed");
        }
    }

    @Test
    void nothingFromAClientThatFailedTheChallengeIsDeserialized() throws Exception {
        Tripwire.TRIPPED.set(false);
        byte[] tripwire = ObjectCodec.toBytes(new Tripwire());
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY)) {
            Future<Object> served = background.submit(() -> {
                try (Connection c = listener.accept(WAIT)) {
                    return c.recv(WAIT);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.address().port())) {
                Frames f = new Frames(s);
                f.read(); // the challenge
                f.send(tripwire); // an object where the answer belongs
                if (Arrays.equals(f.read(), WELCOME)) {
                    // what a listener that skipped the check would let happen next
                    f.send(newChallenge());
                    f.read();
                    f.send(WELCOME);
                    f.send(tripwire);
                }
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> served.get(30, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, e.getCause());
        }
        assertFalse(Tripwire.TRIPPED.get(), "an object from a peer that failed the challenge was deserialized");
    }

    @Test
    void aFrameAboveTheHandshakeLimitBeforeAuthenticationIsRefused() throws Exception {
        // a handshake timeout beyond the test: only the limit on frames can close the connection in time
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY,
                Map.of(Config.HANDSHAKE_TIMEOUT_MILLIS, "300000"))) {
            Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.address().port())) {
                Frames f = new Frames(s);
                f.read(); // the challenge
                f.out.writeInt(64 << 20); // announces a 64 MiB answer
                f.out.write(0);
                f.out.flush();
                assertTrue(f.closedByPeer(), "the listener closes a connection that announces a frame above the "
                        + "handshake limit instead of waiting to allocate it");
            }
            try (Connection good = Client.connect(listener.address(), KEY, WAIT);
                 Connection there = accepted.get(30, TimeUnit.SECONDS)) {
                there.send("still serving");
                assertEquals("still serving", good.recv(WAIT));
            }
        }
    }

    // --- silent peers ---

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "uds"})
    void silentConnectionsDoNotHoldUpAClientThatAuthenticates(String family) throws Exception {
        // a handshake timeout far beyond the test: the client gets in because handshakes run side by side
        try (Listener listener = new Listener(anyAddress(family), KEY,
                Map.of(Config.HANDSHAKE_TIMEOUT_MILLIS, "300000"));
             SilentPeers silent = SilentPeers.open(listener.address().toString(), 5)) {
            Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
            assertEquals(5, silent.awaitOpenAndChallenged(5, Duration.ofSeconds(10)));
            try (Connection good = Client.connect(listener.address(), KEY, WAIT);
                 Connection there = accepted.get(10, TimeUnit.SECONDS)) {
                good.send("past the silent ones");
                assertEquals("past the silent ones", there.recv(WAIT));
            }
            assertEquals(0, silent.awaitClosed(1, Duration.ofSeconds(1)),
                    "the ones still authenticating are kept for a later accept, not closed");
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheHandshakeTimeoutAndBeyondThePendingLimitAtOnce() throws Exception {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY,
                Map.of(Config.HANDSHAKE_TIMEOUT_MILLIS, "1000", Config.MAX_PENDING_HANDSHAKES, "2"));
             SilentPeers silent = SilentPeers.open(listener.address().toString(), 5)) {
            assertThrows(IpcTimeoutException.class, () -> listener.accept(Duration.ofSeconds(3)));
            assertEquals(5, silent.awaitClosed(5, Duration.ofSeconds(10)));
            assertEquals(3, silent.closedUnanswered(), "beyond the limit of 2 pending, connections are closed at once");
        }
    }

    // --- a connection as a pipe end ---

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "uds"})
    void recvWaitsForItsTimeoutAndClosingOneSideGivesTheOtherEndOfStream(String family) throws Exception {
        try (Listener listener = new Listener(anyAddress(family), KEY)) {
            Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
            Connection client = Client.connect(listener.address(), KEY, WAIT);
            Connection server = accepted.get(30, TimeUnit.SECONDS);

            long start = System.nanoTime();
            assertThrows(IpcTimeoutException.class, () -> server.recv(Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "recv returned before its timeout");
            assertFalse(server.poll());
            client.send("late");
            assertEquals(List.of(server), Connection.wait(List.of(server), WAIT));
            assertEquals("late", server.recv(Duration.ofSeconds(5)));
            client.sendBytes(new byte[0]);
            assertArrayEquals(new byte[0], server.recvBytes(WAIT), "an empty message is delivered");

            client.send("sent before close");
            client.close();
            assertTrue(client.isClosed());
            assertThrows(IllegalStateException.class, () -> client.send("after close"));
            assertEquals("sent before close", server.recv(WAIT));
            assertThrows(ConnectionEOFException.class, () -> server.recv(WAIT));
            server.close();

            Future<Connection> second = background.submit(() -> listener.accept(WAIT));
            try (Connection dialer = Client.connect(listener.address(), KEY, WAIT)) {
                second.get(30, TimeUnit.SECONDS).close();
                assertThrows(ConnectionEOFException.class, () -> dialer.recv(WAIT),
                        "the dialing side reads end of stream once the accepting side closed");
            }
        }
    }

    @Test
    void aConnectionClosedOnBothSidesFreesItsSocketsWhileTheListenerIdles() throws Exception {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY)) {
            long before = openSockets();
            for (int i = 0; i < 10; i++) {
                Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
                try (Connection c = Client.connect(listener.address(), KEY, WAIT);
                     Connection there = accepted.get(30, TimeUnit.SECONDS)) {
                    c.send(i);
                    assertEquals(i, there.recv(WAIT));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (openSockets() > before && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long after = openSockets();
            assertTrue(after <= before, "sockets of closed connections are released with no further accept: "
                    + before + " open before, " + after + " after");
        }
    }

    private static long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void anIpv6ListenerIsDialedAtTheAddressItTells() throws Exception {
        assumeTrue(Files.readString(Path.of("/proc/net/if_inet6")).contains("00000000000000000000000000000001 "),
                "needs IPv6 loopback");
        try (Listener listener = new Listener(Address.tcp("::1", 0), KEY)) {
            assertEquals("::1", listener.address().host());
            Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
            try (Connection c = Client.connect(Address.parse(listener.address().toString()), KEY, WAIT);
                 Connection there = accepted.get(30, TimeUnit.SECONDS)) {
                c.send("over IPv6");
                assertEquals("over IPv6", there.recv(WAIT));
            }
        }
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // an interrupted spin ignores interrupts
    void anAcceptInterruptedEndsWithIpcInterruptedException() throws Exception {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY)) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(IpcInterruptedException.class, () -> listener.accept());
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is set again");
            } finally {
                Thread.interrupted();
            }
        }
    }

    // --- bad input and misuse ---

    @Test
    void misuseFailsWithANamedException() throws Exception {
        Path taken = Files.createFile(dir.resolve("taken.sock"));
        IpcException inUse = assertThrows(IpcException.class, () -> new Listener(Address.unix(taken), KEY));
        assertTrue(inUse.getMessage().contains(taken.toString()), inUse.getMessage());
        assertTrue(Files.exists(taken), "a file the listener did not create is left alone");
        assertThrows(IllegalArgumentException.class, () -> new Listener(Address.tcp("127.0.0.1", 0), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("http://localhost:80"));
        assertThrows(IllegalArgumentException.class, () -> Address.tcp("127.0.0.1", 70000));
        assertEquals(Address.tcp("::1", 5), Address.parse("tcp:::1:5"));
        assertEquals(Address.unix(taken), Address.parse(Address.unix(taken).toString()));
        assertThrows(IpcException.class, () -> Client.connect(Address.unix(dir.resolve("nobody.sock")), KEY, WAIT));

        Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY);
        Future<Connection> accepted = background.submit(() -> listener.accept(WAIT));
        try (Connection c = Client.connect(listener.address(), KEY, WAIT);
             Connection there = accepted.get(30, TimeUnit.SECONDS)) {
            c.send("open");
            assertEquals("open", there.recv(WAIT));
            SerializationException e = assertThrows(SerializationException.class, () -> ObjectCodec.toBytes(there));
            assertTrue(e.getMessage().contains("Listener or Client"), e.getMessage());
            assertThrows(SerializationException.class, () -> ObjectCodec.toBytes(listener));
        }
        Future<Connection> blocked = background.submit(() -> listener.accept());
        Thread.sleep(200);
        listener.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause(),
                "an accept blocked when the listener closes ends with IllegalStateException");
        assertThrows(IllegalStateException.class, () -> listener.accept(Duration.ZERO));
    }

    // --- helpers ---

    private static byte[] newChallenge() {
        byte[] c = Arrays.copyOf(CHALLENGE, CHALLENGE.length + 32);
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        System.arraycopy(nonce, 0, c, CHALLENGE.length, 32);
        return c;
    }

    private static byte[] hmac(byte[] key, byte[] challenge) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length));
    }

    /** ipc4j's framing on a plain socket: a 4-byte length (tag included), a tag byte, the body. */
    private static final class Frames {
        final DataInputStream in;
        final DataOutputStream out;

        Frames(Socket s) throws IOException {
            s.setSoTimeout(20_000);
            in = new DataInputStream(s.getInputStream());
            out = new DataOutputStream(s.getOutputStream());
        }

        void send(byte[] body) throws IOException {
            out.writeInt(body.length + 1);
            out.write(0);
            out.write(body);
            out.flush();
        }

        byte[] read() throws IOException {
            int length = in.readInt();
            assertTrue(length >= 1 && length < 1024, "a handshake frame of " + length + " bytes");
            in.readByte();
            byte[] body = new byte[length - 1];
            in.readFully(body);
            return body;
        }

        /** Whether the peer closed the connection (within the read timeout). */
        boolean closedByPeer() throws IOException {
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
    }

    /** Records whether Kryo ever read one. */
    static final class Tripwire implements KryoSerializable {
        static final AtomicBoolean TRIPPED = new AtomicBoolean();

        @Override
        public void write(Kryo kryo, Output output) {
            output.writeInt(42);
        }

        @Override
        public void read(Kryo kryo, Input input) {
            TRIPPED.set(true);
            input.readInt();
        }
    }
}
