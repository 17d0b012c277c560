package io.ipc4j.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Hazelcast member configuration of nodes and coordinators: bound to one interface,
 * multicast and auto-detection off, members found by TCP at the given addresses, quick to
 * start and to notice a dead member, logging through SLF4J, no phoning home.
 *
 * <p>Membership is guarded by the shared key through the cluster name, which is an HMAC of
 * the key: a member with another key forms another cluster and never sees ours. The name
 * travels in the clear in Hazelcast's join messages, so it keeps out members with a wrong
 * key, not an eavesdropper; what a node runs is guarded by ipc4j's own HMAC handshake on
 * the node's channel, which the name does not reveal.
 */
final class HazelcastSetup {
    /** Member attributes that ipc4j reads. */
    static final String ROLE = "ipc4j.role";
    static final String CHANNEL = "ipc4j.channel";
    static final String CPUS = "ipc4j.cpus";
    static final String HOST = "ipc4j.host";
    static final String NODE = "node";
    static final String COORDINATOR = "coordinator";
    static final int DEFAULT_PORT = 5701;

    private HazelcastSetup() {
    }

    /**
     * A join list that is {@code kubernetes:<service DNS name>[:port]}: the members are the
     * pods behind that (headless) service, found by Hazelcast's Kubernetes discovery in its
     * DNS lookup mode, which needs no access to the Kubernetes API.
     */
    static final String KUBERNETES = "kubernetes:";

    /** A {@code host:port}; a missing port is {@code defaultPort}; a host starting with {@link #KUBERNETES} is a service. */
    record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort, String what) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (t.isEmpty() || colon == 0) {
                throw new IllegalArgumentException(what + " must be host:port, not '" + text + "'");
            }
            if (colon < 0) {
                return new HostPort(t, defaultPort);
            }
            try {
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(t.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be host:port with a port from 0 to 65535, not '"
                        + text + "'");
            }
        }

        static List<HostPort> parseList(String text, String what) {
            if (text.trim().startsWith(KUBERNETES)) {
                HostPort service = parse(text.trim().substring(KUBERNETES.length()), DEFAULT_PORT, what);
                return List.of(new HostPort(KUBERNETES + service.host(), service.port()));
            }
            List<HostPort> list = new ArrayList<>();
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    list.add(parse(part, DEFAULT_PORT, what));
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException(what + " must name at least one host:port");
            }
            return list;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** The cluster name of the members holding {@code key}: it does not reveal the key. */
    static String clusterName(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal("ipc4j hazelcast cluster name".getBytes(StandardCharsets.UTF_8));
            return "ipc4j-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The local address from which packets to {@code peer} leave (no packet is sent). */
    static String routableHostTo(HostPort peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            String host = peer.host().startsWith(KUBERNETES) ? peer.host().substring(KUBERNETES.length()) : peer.host();
            probe.connect(new InetSocketAddress(host, peer.port() == 0 ? DEFAULT_PORT : peer.port()));
            return probe.getLocalAddress().getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("no route to the cluster member " + peer + ": " + e.getMessage(), e);
        }
    }

    /**
     * A member's configuration.
     *
     * @param lite whether it holds no data (a coordinator): it only uses membership
     */
    static Config member(byte[] key, HostPort bind, List<HostPort> join, boolean lite, int lostAfterSeconds,
                         Map<String, String> attributes) {
        Config c = new Config();
        c.setClusterName(clusterName(key));
        c.setLiteMember(lite);
        c.getJetConfig().setEnabled(false);
        // ipc4j keeps no object in Hazelcast: a member deserializes no Java-serialized object at all.
        c.getSerializationConfig().setJavaSerializationFilterConfig(
                new JavaSerializationFilterConfig().setDefaultsDisabled(true));
        Map<String, String> properties = Map.ofEntries(
                Map.entry("hazelcast.phone.home.enabled", "false"),
                Map.entry("hazelcast.logging.type", "slf4j"),
                Map.entry("hazelcast.socket.bind.any", "false"),
                Map.entry("hazelcast.local.localAddress", bind.host()),
                // a dead member is noticed in a few seconds, not a minute
                Map.entry("hazelcast.heartbeat.interval.seconds", "1"),
                Map.entry("hazelcast.max.no.heartbeat.seconds", String.valueOf(lostAfterSeconds)),
                Map.entry("hazelcast.wait.seconds.before.join", "0"),
                Map.entry("hazelcast.max.wait.seconds.before.join", "0"),
                Map.entry("hazelcast.tcp.join.port.try.count", "1"),
                Map.entry("hazelcast.graceful.shutdown.max.wait", "5"),
                Map.entry("hazelcast.health.monitoring.level", "OFF"),
                // few partitions and threads: ipc4j keeps no data in Hazelcast
                Map.entry("hazelcast.partition.count", "7"),
                Map.entry("hazelcast.io.input.thread.count", "1"),
                Map.entry("hazelcast.io.output.thread.count", "1"),
                Map.entry("hazelcast.operation.thread.count", "1"),
                Map.entry("hazelcast.operation.generic.thread.count", "1"),
                Map.entry("hazelcast.event.thread.count", "1"));
        properties.forEach(c::setProperty);
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(bind.port() == 0 ? DEFAULT_PORT : bind.port());
        network.setPortAutoIncrement(bind.port() == 0);
        network.getInterfaces().setEnabled(true).addInterface(bind.host());
        JoinConfig joining = network.getJoin();
        joining.getMulticastConfig().setEnabled(false);
        joining.getAutoDetectionConfig().setEnabled(false);
        if (join.size() == 1 && join.get(0).host().startsWith(KUBERNETES)) {
            joining.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", join.get(0).host().substring(KUBERNETES.length()))
                    .setProperty("service-port", String.valueOf(join.get(0).port()));
        } else {
            joining.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
            for (HostPort m : join) {
                joining.getTcpIpConfig().addMember(m.toString());
            }
        }
        attributes.forEach(c.getMemberAttributeConfig()::setAttribute);
        return c;
    }
}
