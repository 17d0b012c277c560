package io.ipc4j;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ipc4j.tcp.tls=on}: what a {@link Listener} and a {@link Client} exchange over TCP is
 * encrypted (a proxy in between sees no payload, where it does without TLS), the HMAC
 * handshake still runs inside, and a peer without TLS is refused.
 */
@Timeout(60)
class TlsChannelTest {
    private static final byte[] KEY = "the key both sides hold".getBytes(StandardCharsets.UTF_8);
    private static final String PAYLOAD = "a-payload-nobody-in-between-may-read-0123456789";
    @TempDir
    static Path dir;
    private static Map<String, String> tls;

    @BeforeAll
    static void makeKeyStore() throws Exception {
        Path store = dir.resolve("node.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ipc4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ipc4j test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "s3cret-pw",
                "-keypass", "s3cret-pw").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, out);
        Path password = dir.resolve("password");
        Files.writeString(password, "s3cret-pw\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        tls = Map.of(Config.TCP_TLS, "on", Config.TCP_TLS_KEY_STORE, store.toString(),
                Config.TCP_TLS_KEY_STORE_PASSWORD_FILE, password.toString());
    }

    @Test
    void withTlsAProxyInBetweenSeesNoPayloadWithoutItItDoes() throws Exception {
        String tlsSeen = exchangeThroughProxy(tls);
        assertFalse(tlsSeen.contains(PAYLOAD), "the payload crossed the wire in the clear with TLS on");
        assertTrue(tlsSeen.length() > 2 * PAYLOAD.length(), "the proxy saw the traffic: " + tlsSeen.length());
        String plainSeen = exchangeThroughProxy(Map.of());
        assertTrue(plainSeen.contains(PAYLOAD), "without TLS the proxy sees the payload (the capture works)");
    }

    @Test
    void aPlainClientIsRefusedByATlsListenerAndATlsClientByAPlainOne() throws Exception {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY, tls)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(
                    () -> listener.accept(Duration.ofSeconds(5)));
            assertThrows(IpcException.class, () -> Client.connect(listener.address(), KEY, Duration.ofSeconds(2)));
            Throwable why = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> accepted.get(20, TimeUnit.SECONDS)).getCause();
            assertTrue(why instanceof IpcTimeoutException, "the plain client was not accepted: " + why);
        }
        try (Listener plain = new Listener(Address.tcp("127.0.0.1", 0), KEY)) {
            CompletableFuture.runAsync(() -> {
                try {
                    plain.accept(Duration.ofSeconds(5));
                } catch (RuntimeException expected) {
                    // refused
                }
            });
            long t0 = System.nanoTime();
            IpcException e = assertThrows(IpcException.class,
                    () -> Client.connect(plain.address(), KEY, Duration.ofSeconds(20), tls));
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "refused at once, not at the timeout");
        }
    }

    @Test
    void aWrongAuthKeyIsStillRefusedInsideTls() {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY, tls)) {
            CompletableFuture.runAsync(() -> {
                try {
                    listener.accept(Duration.ofSeconds(10));
                } catch (RuntimeException expected) {
                    // refused
                }
            });
            assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(),
                    "another key".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10), tls));
        }
    }

    @Test
    void aLargeMessageCrossesTlsWhole() {
        byte[] big = new byte[5 << 20];
        new java.util.Random(7).nextBytes(big);
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY, tls)) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Connection c = listener.accept(Duration.ofSeconds(20))) {
                    c.send(c.recv());
                }
            });
            try (Connection c = Client.connect(listener.address(), KEY, Duration.ofSeconds(20), tls)) {
                c.send(big);
                org.junit.jupiter.api.Assertions.assertArrayEquals(big, (byte[]) c.recv());
            }
            echo.join();
        }
    }

    /** Sends the payload both ways between a listener and a client through a recording proxy; what the proxy saw. */
    private static String exchangeThroughProxy(Map<String, String> settings) throws Exception {
        try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), KEY, settings);
             ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            int target = Integer.parseInt(listener.address().toString().replaceAll(".*:", ""));
            CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> {
                try (Socket in = proxy.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), target)) {
                    CompletableFuture<Void> back = CompletableFuture.runAsync(() -> copy(out, in, seen));
                    copy(in, out, seen);
                    back.join();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CompletableFuture<Object> served = CompletableFuture.supplyAsync(() -> {
                try (Connection c = listener.accept(Duration.ofSeconds(20))) {
                    Object got = c.recv();
                    c.send("echo " + got);
                    return got;
                }
            });
            Map<String, String> clientSettings = new HashMap<>(settings);
            try (Connection c = Client.connect(Address.tcp("127.0.0.1", proxy.getLocalPort()), KEY,
                    Duration.ofSeconds(20), clientSettings)) {
                c.send(PAYLOAD);
                assertEquals("echo " + PAYLOAD, c.recv());
            }
            assertEquals(PAYLOAD, served.get(20, TimeUnit.SECONDS));
            relay.get(20, TimeUnit.SECONDS);
            synchronized (seen) {
                return seen.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static void copy(Socket from, Socket to, ByteArrayOutputStream seen) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (seen) {
                    seen.write(buf, 0, n);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException closed) {
            // one side is done
        }
        try {
            to.shutdownOutput();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
