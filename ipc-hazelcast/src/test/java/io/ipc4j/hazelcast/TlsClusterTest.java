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
        try (Context mp = Context.create(withTls)) {
            Queue<String> q = mp.queue();
            ChildProcess p = mp.process((Queue<String> up) -> up.put("hello over tls"), q).start();
            assertEquals("hello over tls", q.get(Duration.ofSeconds(30)));
            p.join();
            assertEquals(Hosts.host(1), p.host());
            assertEquals(0, p.exitCode().getAsInt());
        }
        try (Context plain = Context.create(cluster)) {
            io.ipc4j.IpcException e = assertThrows(io.ipc4j.IpcException.class,
                    () -> plain.process(() -> System.out.println("must not run")).start());
            assertTrue(e.getMessage().contains("ipc4j.tcp.tls"), e.getMessage());
        }
    }
}
