package io.ipc4j.hazelcast;

import io.ipc4j.Address;
import io.ipc4j.AuthenticationException;
import io.ipc4j.Connection;
import io.ipc4j.Listener;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ipc4j node: a Hazelcast member that tells the cluster where its channel listens and how
 * many CPUs it has, and an ipc4j {@link Listener} on that channel, authenticated with the
 * cluster's key, through which coordinators start children here. Children of a coordinator
 * that leaves the cluster, or whose connection ends, are killed.
 */
final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Listener listener;
    private final HazelcastInstance hazelcast;
    private final JarCache jars;
    private final String host;
    private final Set<NodeSession> sessions = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    Node(byte[] key, HazelcastSetup.HostPort bind, List<HazelcastSetup.HostPort> join, Path cacheDir,
         int lostAfterSeconds) throws IOException {
        this.host = bind.host();
        this.jars = new JarCache(cacheDir);
        this.listener = new Listener(Address.tcp(bind.host(), 0), key);
        try {
            this.hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.member(key, bind, join, false, lostAfterSeconds, Map.of(
                    HazelcastSetup.ROLE, HazelcastSetup.NODE,
                    HazelcastSetup.CHANNEL, listener.address().toString(),
                    HazelcastSetup.HOST, bind.host(),
                    HazelcastSetup.CPUS, String.valueOf(Runtime.getRuntime().availableProcessors()))));
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getUuid().toString();
                for (NodeSession s : sessions) {
                    if (gone.equals(s.coordinatorMember())) {
                        LOG.info("coordinator {} left the cluster; ending its children here", gone);
                        s.end();
                    }
                }
            }
        });
        this.acceptor = new Thread(this::acceptLoop, "ipc4j-node-accept");
        acceptor.start();
    }

    Address channel() {
        return listener.address();
    }

    String hazelcastAddress() {
        return hazelcast.getCluster().getLocalMember().getAddress().toString();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Connection c;
            try {
                c = listener.accept();
            } catch (AuthenticationException e) {
                LOG.warn("refused a peer on {}: {}", listener.address(), e.getMessage());
                continue;
            } catch (IllegalStateException closed) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot accept on {}: {}", listener.address(), e.getMessage());
                continue;
            }
            NodeSession session = new NodeSession(c, jars, host);
            sessions.add(session);
            Thread t = new Thread(() -> {
                try {
                    session.run();
                } finally {
                    sessions.remove(session);
                }
            }, "ipc4j-node-session");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        listener.close();
        sessions.forEach(NodeSession::end);
        hazelcast.shutdown();
    }
}
