package io.ipc4j.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A join list {@code kubernetes:<service>} turns on Hazelcast's Kubernetes discovery (DNS
 * lookup) instead of the TCP member list. Checked on the configuration only: there is no
 * Kubernetes here.
 */
@Timeout(30)
class KubernetesJoinTest {
    private static final byte[] KEY = "0123456789abcdef0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void aKubernetesServiceIsFoundByHazelcastsDnsLookup() {
        List<HazelcastSetup.HostPort> join = HazelcastSetup.HostPort.parseList(
                "kubernetes:ipc4j-nodes.jobs.svc.cluster.local", "--join");
        Config c = HazelcastSetup.member(KEY, new HazelcastSetup.HostPort("10.1.2.3", 5701), join, false, 5, Map.of());
        JoinConfig j = c.getNetworkConfig().getJoin();
        assertTrue(j.getKubernetesConfig().isEnabled());
        assertEquals("ipc4j-nodes.jobs.svc.cluster.local", j.getKubernetesConfig().getProperty("service-dns"));
        assertEquals("5701", j.getKubernetesConfig().getProperty("service-port"));
        assertFalse(j.getTcpIpConfig().isEnabled());
        assertFalse(j.getMulticastConfig().isEnabled());
    }

    @Test
    void aListOfMembersStaysATcpJoin() {
        Config c = HazelcastSetup.member(KEY, new HazelcastSetup.HostPort("10.1.2.3", 5701),
                HazelcastSetup.HostPort.parseList("10.1.2.3:5701,10.1.2.4", "--join"), false, 5, Map.of());
        JoinConfig j = c.getNetworkConfig().getJoin();
        assertFalse(j.getKubernetesConfig().isEnabled());
        assertEquals(List.of("10.1.2.3:5701", "10.1.2.4:5701"), j.getTcpIpConfig().getMembers());
    }
}
