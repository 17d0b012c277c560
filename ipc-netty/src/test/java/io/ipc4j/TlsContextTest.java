package io.ipc4j;

import io.ipc4j.netty.ListeningSockets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A context on {@code ipc4j.channel=tcp} with {@code ipc4j.tcp.tls=on}, on one machine: its
 * children's queues, pipes (whichever end listens), managers and pools work over TLS, and a
 * plain TCP peer at any of its listening ends hears no HMAC challenge in the clear, where
 * it does from a context without TLS.
 */
@Timeout(90)
class TlsContextTest {
    private static final String CHALLENGE = "#CHALLENGE#";
    @TempDir
    static Path dir;
    static Map<String, String> tls;

    @BeforeAll
    static void makeKeyStore() throws Exception {
        tls = tlsSettings(dir, "s3cret-pw");
    }

    /** The settings of {@code ipc4j.tcp.tls=on} with a fresh self-signed key store in {@code dir}. */
    static Map<String, String> tlsSettings(Path dir, String pw) throws Exception {
        Path store = dir.resolve("node-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ipc4j", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ipc4j test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pw,
                "-keypass", pw).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, out);
        Path password = dir.resolve("password-" + System.nanoTime());
        Files.writeString(password, pw + "\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        return Map.of(Config.CHANNEL, "tcp", Config.TCP_TLS, "on", Config.TCP_TLS_KEY_STORE, store.toString(),
                Config.TCP_TLS_KEY_STORE_PASSWORD_FILE, password.toString());
    }

    @Test
    void queuePipesManagerAndPoolWorkOverTlsAndNoListeningEndSpeaksInTheClear() throws Exception {
        try (Context mp = Context.create(tls)) {
            Queue<String> q = mp.queue();
            Pipe toChild = mp.pipe();
            Pipe fromChild = mp.pipe();
            Connection here = toChild.left();
            Set<String> before = ListeningSockets.ofThisProcess();
            here.send("ping"); // used first here: this end listens, in this JVM
            Set<String> pipeEnd = new HashSet<>(ListeningSockets.ofThisProcess());
            pipeEnd.removeAll(before);
            assertEquals(1, pipeEnd.size(), pipeEnd::toString);
            String listening = pipeEnd.iterator().next();
            for (String end : List.of(mp.controlAddress(), listening)) {
                assertSpeaksNoClearText(end);
            }
            Manager m = mp.manager();
            assertSpeaksNoClearText(m.address().toString());
            Map<String, Integer> d = m.dict();
            Connection there = toChild.right();
            Connection back = fromChild.right();
            // the child's end of fromChild is used first: it listens, in the child
            ChildProcess p = mp.process(() -> {
                back.send("from the child");
                d.put("child", 7);
                q.put(there.recv() + " pong");
                there.send("bye");
            }).start();
            assertEquals("from the child", fromChild.left().recv(Duration.ofSeconds(60)));
            assertEquals("ping pong", q.get(Duration.ofSeconds(60)));
            assertEquals("bye", here.recv(Duration.ofSeconds(30)));
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(0), p.exitCode());
            assertEquals(7, d.get("child"));
            try (Pool pool = mp.pool(2)) {
                assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
            }
        }
    }

    @Test
    void withoutTlsThePlainPeerHearsTheChallengeAtEachEnd() throws Exception {
        Map<String, String> plain = new HashMap<>(tls);
        plain.put(Config.TCP_TLS, "off");
        try (Context mp = Context.create(plain)) {
            Pipe pipe = mp.pipe();
            Set<String> before = ListeningSockets.ofThisProcess();
            pipe.left().send("ping");
            Set<String> pipeEnd = new HashSet<>(ListeningSockets.ofThisProcess());
            pipeEnd.removeAll(before);
            assertEquals(1, pipeEnd.size(), pipeEnd::toString);
            Manager m = mp.manager();
            for (String end : List.of(mp.controlAddress(), pipeEnd.iterator().next(), m.address().toString())) {
                assertTrue(probe(end).contains(CHALLENGE), end + " sent no challenge: the probe would prove nothing");
            }
        }
    }

    private static void assertSpeaksNoClearText(String end) throws IOException {
        String heard = probe(end);
        assertFalse(heard.contains(CHALLENGE), end + " spoke in the clear: " + heard);
    }

    /**
     * What a plain TCP peer at {@code address} hears: the listener speaks first without TLS; with
     * TLS it waits for a client hello, and the bytes the peer then sends, not TLS, end the connection.
     */
    static String probe(String address) throws IOException {
        String hostPort = address.substring(address.indexOf(':') + 1);
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    5000);
            s.setSoTimeout(500);
            ByteArrayOutputStream heard = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            if (!readUntilQuiet(in, heard)) {
                return heard.toString(StandardCharsets.ISO_8859_1);
            }
            if (heard.toString(StandardCharsets.ISO_8859_1).contains(CHALLENGE)) {
                return heard.toString(StandardCharsets.ISO_8859_1);
            }
            s.getOutputStream().write("not a TLS client hello, just some plain bytes\n".repeat(4)
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5000);
            assertFalse(readUntilQuiet(in, heard), address + " kept a plain peer open (no TLS failure): "
                    + heard.toString(StandardCharsets.ISO_8859_1));
            return heard.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads into {@code heard} until a challenge came or a read times out (true) or the connection ends (false). */
    private static boolean readUntilQuiet(InputStream in, ByteArrayOutputStream heard) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                heard.write(buf, 0, n);
                if (heard.toString(StandardCharsets.ISO_8859_1).contains(CHALLENGE)) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }
}
