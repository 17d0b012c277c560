package io.ipc4j.hazelcast;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator and a node across hosts with {@code ipc4j.tcp.tls=on}: the node channel runs in TLS and works. */
@Timeout(90)
class TlsClusterTest {
    private static Hosts hosts;
    private static Path key;
    private static Path[] store;

    @BeforeAll
    static void startNode() throws Exception {
        Assumptions.assumeTrue(Hosts.usable(), "the cluster tests need root and iproute2");
        hosts = new Hosts(1);
        key = hosts.keyFile("key");
        store = hosts.tlsKeyStore();
        Hosts.awaitReady(hosts.startNode(1, key, Map.of("IPC4J_TCP_TLS", "on",
                "IPC4J_TCP_TLS_KEYSTORE", store[0].toString(),
                "IPC4J_TCP_TLS_KEYSTOREPASSWORDFILE", store[1].toString())), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void aChildOnANodeStartsOverATlsNodeChannelAndATlsLessCoordinatorIsRefused() throws Exception {
        Map<String, String> cluster = Map.of("ipc4j.cluster", "hazelcast", "ipc4j.cluster.join", hosts.joinList(),
                "ipc4j.authkey.file", key.toString());
        Map<String, String> withTls = new java.util.HashMap<>(cluster);
        withTls.putAll(Map.of("ipc4j.tcp.tls", "on", "ipc4j.tcp.tls.keyStore", store[0].toString(),
                "ipc4j.tcp.tls.keyStorePasswordFile", store[1].toString()));
        try (Context mp = Context.create(withTls); io.ipc4j.Manager m = mp.manager()) {
            Queue<String> q = mp.queue();
            io.ipc4j.Pipe pipe = mp.pipe();
            Map<String, Integer> d = m.dict();
            io.ipc4j.Connection c = pipe.right();
            ChildProcess p = mp.process(() -> {
                q.put("hello over tls");
                c.send(c.recv() + " back");
                d.put("from the node", 7);
            }).start();
            assertEquals("hello over tls", q.get(Duration.ofSeconds(30)));
            pipe.left().send("ping");
            assertEquals("ping back", pipe.left().recv());
            p.join();
            assertEquals(Hosts.host(1), p.host());
            assertEquals(0, p.exitCode().getAsInt());
            assertEquals(7, d.get("from the node"));
            // what the children dial: the coordinator's server (queues, pipe meetings) and the
            // manager's, on the node; a peer without TLS hears no challenge in the clear
            assertEquals(Hosts.host(1), m.process().orElseThrow().host());
            assertEquals("", plainHello(io.ipc4j.Address.parse(controlAddress(mp))), "the coordinator's channels are TLS");
            assertTrue(m.address().isTcp(), m.address().toString());
            assertEquals("", plainHello(m.address()), "the manager's channels are TLS");
        }
        try (Context plain = Context.create(cluster)) {
            // the control: without TLS, the same peer hears the challenge
            assertTrue(plainHello(io.ipc4j.Address.parse(controlAddress(plain))).contains("#CHALLENGE#"));
            io.ipc4j.IpcException e = assertThrows(io.ipc4j.IpcException.class,
                    () -> plain.process(() -> System.out.println("must not run")).start());
            assertTrue(e.getMessage().contains("ipc4j.tcp.tls"), e.getMessage());
        }
    }

    private static String controlAddress(Context mp) throws ReflectiveOperationException {
        java.lang.reflect.Field f = Context.class.getDeclaredField("runtime");
        f.setAccessible(true);
        Object coordinator = f.get(mp);
        return (String) coordinator.getClass().getMethod("controlAddress").invoke(coordinator);
    }

    /**
     * What a peer speaking plain TCP reads at {@code address} after it sends a frame of its own,
     * until the challenge is there, the other side closes, or ten seconds pass, as text
     * (non-printable bytes dropped).
     */
    private static String plainHello(io.ipc4j.Address address) throws Exception {
        try (java.net.Socket s = new java.net.Socket(address.host(), address.port())) {
            s.setSoTimeout(500);
            s.getOutputStream().write(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'});
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[512];
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline
                    && !new String(got.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("#CHALLENGE#")) {
                try {
                    int n = s.getInputStream().read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                } catch (java.net.SocketTimeoutException notYet) {
                    // wait on, until the deadline
                } catch (java.net.SocketException closed) {
                    break;
                }
            }
            StringBuilder text = new StringBuilder();
            for (byte b : got.toByteArray()) {
                if (b >= 0x20 && b < 0x7f) {
                    text.append((char) b);
                }
            }
            return text.toString().contains("#CHALLENGE#") ? text.toString() : "";
        }
    }
}
