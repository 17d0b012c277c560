package io.ipc4j.hazelcast;

import io.ipc4j.Address;
import io.ipc4j.Config;
import io.ipc4j.IpcException;
import io.ipc4j.ProcessStartException;
import io.ipc4j.spi.Cluster;
import io.ipc4j.spi.RemoteChild;
import io.ipc4j.spi.RemoteLaunch;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A coordinator in a Hazelcast cluster of ipc4j nodes: a lite member (it holds no data),
 * which reads the nodes from the membership and starts children on them over their
 * authenticated channels.
 *
 * <p>Placement: a child pinned to a host goes to the node of that host; any other goes to
 * the node with the most free CPUs, counted as its CPUs minus the children this
 * coordinator runs there (ties go to the node listed first by Hazelcast).
 */
final class HazelcastCluster implements Cluster {
    /** Twice as long as Hazelcast takes to declare a silent member dead (ipc4j.cluster.lostAfterSeconds). */
    private final long lostNodeNanos;
    private final HazelcastInstance hazelcast;
    private final byte[] key;
    private final String routableHost;
    private final ClassPathJars jars = new ClassPathJars();
    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
    /** Children placed on each node (by member id) whose start is under way: they count as running there. */
    private final Map<String, Integer> starting = new ConcurrentHashMap<>();

    /** The ipc4j.tcp.tls* settings the node channels are dialed with. */
    private final Map<String, String> channelSettings = new java.util.HashMap<>();

    private HazelcastCluster(HazelcastInstance hazelcast, byte[] key, String routableHost, int lostAfterSeconds) {
        this.lostNodeNanos = 2_000_000_000L * lostAfterSeconds;
        this.hazelcast = hazelcast;
        this.key = key;
        this.routableHost = routableHost;
    }

    static HazelcastCluster join(Config config) {
        String keyFile = config.get(Config.AUTHKEY_FILE);
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("a cluster needs the key its nodes hold: set " + Config.AUTHKEY_FILE
                    + " (or IPC4J_AUTHKEY_FILE) to a file of mode 0600");
        }
        String joinAt = config.get(Config.CLUSTER_JOIN);
        if (joinAt == null || joinAt.isBlank()) {
            throw new IllegalArgumentException("a cluster needs its nodes' addresses: set " + Config.CLUSTER_JOIN
                    + " to host:port,...");
        }
        byte[] key = AuthKeyFile.read(Path.of(keyFile.trim()), Config.AUTHKEY_FILE);
        List<HazelcastSetup.HostPort> join = HazelcastSetup.HostPort.parseList(joinAt, Config.CLUSTER_JOIN);
        String bindText = config.get(Config.CLUSTER_BIND);
        HazelcastSetup.HostPort bind = bindText == null || bindText.isBlank()
                ? new HazelcastSetup.HostPort(HazelcastSetup.routableHostTo(join.get(0)), 0)
                : HazelcastSetup.HostPort.parse(bindText, 0, Config.CLUSTER_BIND);
        int lostAfter = config.getPositiveInt(Config.CLUSTER_LOST_AFTER_SECONDS);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastSetup.member(key, bind, join, true, lostAfter,
                Map.of(HazelcastSetup.ROLE, HazelcastSetup.COORDINATOR, HazelcastSetup.HOST, bind.host())));
        HazelcastCluster cluster = new HazelcastCluster(hz, key, bind.host(), lostAfter);
        for (String k : List.of(Config.TCP_TLS, Config.TCP_TLS_KEY_STORE, Config.TCP_TLS_KEY_STORE_PASSWORD_FILE,
                Config.TCP_TLS_TRUST_STORE)) {
            cluster.channelSettings.put(k, config.get(k));
        }
        if (cluster.nodes().isEmpty()) {
            hz.shutdown();
            throw new IpcException("no ipc4j node is in the cluster found at " + joinAt + " (setting "
                    + Config.CLUSTER_JOIN + "): are the nodes up, and do they hold the key of " + keyFile + "?");
        }
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                NodeLink link = cluster.links.remove(event.getMember().getUuid().toString());
                if (link != null) {
                    link.lose("it left the cluster");
                }
            }
        });
        return cluster;
    }

    private List<Member> nodes() {
        List<Member> nodes = new ArrayList<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (HazelcastSetup.NODE.equals(m.getAttribute(HazelcastSetup.ROLE))) {
                nodes.add(m);
            }
        }
        return nodes;
    }

    @Override
    public String routableHost() {
        return routableHost;
    }

    @Override
    public RemoteChild launch(RemoteLaunch launch) {
        Member node;
        // Children started side by side (a pool's workers) are spread too: each counts once placed.
        synchronized (starting) {
            node = place(launch);
            starting.merge(node.getUuid().toString(), 1, Integer::sum);
        }
        try {
            return link(node).launch(launch);
        } finally {
            starting.computeIfPresent(node.getUuid().toString(), (k, n) -> n == 1 ? null : n - 1);
        }
    }

    private Member place(RemoteLaunch launch) {
        List<Member> nodes = nodes();
        // a node whose connection just dropped gets nothing while Hazelcast may still list it
        nodes.removeIf(m -> {
            NodeLink link = links.get(m.getUuid().toString());
            return link != null && link.lostWithin(lostNodeNanos);
        });
        if (launch.pinnedHost() != null) {
            for (Member m : nodes) {
                if (launch.pinnedHost().equals(m.getAttribute(HazelcastSetup.HOST))) {
                    return m;
                }
            }
            throw new ProcessStartException("cannot start process " + launch.name() + " on host "
                    + launch.pinnedHost() + ": no ipc4j node there; nodes: " + hosts(nodes) + "; no process was started");
        }
        return nodes.stream().max(Comparator.comparingInt(this::freeCpus))
                .orElseThrow(() -> new ProcessStartException("cannot start process " + launch.name()
                        + ": no ipc4j node is left in the cluster; no process was started"));
    }

    private int freeCpus(Member node) {
        int cpus;
        try {
            cpus = Integer.parseInt(node.getAttribute(HazelcastSetup.CPUS));
        } catch (NumberFormatException e) {
            cpus = 1;
        }
        String uuid = node.getUuid().toString();
        NodeLink link = links.get(uuid);
        return cpus - (link == null ? 0 : link.running()) - starting.getOrDefault(uuid, 0);
    }

    private static List<String> hosts(List<Member> nodes) {
        return nodes.stream().map(m -> m.getAttribute(HazelcastSetup.HOST)).toList();
    }

    private NodeLink link(Member node) {
        String uuid = node.getUuid().toString();
        NodeLink link = links.get(uuid);
        if (link != null && !link.isLost()) {
            return link;
        }
        synchronized (links) {
            link = links.get(uuid);
            if (link == null || link.isLost()) {
                link = new NodeLink(node.getAttribute(HazelcastSetup.HOST), uuid,
                        Address.parse(node.getAttribute(HazelcastSetup.CHANNEL)), key, jars,
                        hazelcast.getCluster().getLocalMember().getUuid().toString(), channelSettings);
                links.put(uuid, link);
            }
            return link;
        }
    }

    @Override
    public void close() {
        links.values().forEach(NodeLink::close);
        links.clear();
        hazelcast.shutdown();
    }
}
