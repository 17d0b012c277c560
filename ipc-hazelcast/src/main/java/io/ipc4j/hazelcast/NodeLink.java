package io.ipc4j.hazelcast;

import io.ipc4j.Address;
import io.ipc4j.Client;
import io.ipc4j.Connection;
import io.ipc4j.ProcessStartException;
import io.ipc4j.spi.RemoteChild;
import io.ipc4j.spi.RemoteLaunch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coordinator's authenticated connection to one node: launches go out one at a time,
 * a reader thread takes the node's replies and its children's ends. When the connection
 * ends (the node died, or left the cluster), every child there ends with
 * {@link RemoteChild#LOST_WITH_NODE}.
 */
final class NodeLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLink.class);
    /** How long a node may take to answer one step of a launch (receiving jars is not counted). */
    private static final long REPLY_SECONDS = 60;
    private static final Object LOST = new Object();

    private final String host;
    private final String member;
    private final Connection connection;
    private final ClassPathJars jars;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, BlockingQueue<Object>> replies = new ConcurrentHashMap<>();
    private final Map<Long, RemoteNodeChild> children = new ConcurrentHashMap<>();
    private volatile boolean lost;
    private volatile long lostAt;

    NodeLink(String host, String member, Address channel, byte[] key, ClassPathJars jars, String coordinatorMember,
             Map<String, String> channelSettings) {
        this.host = host;
        this.member = member;
        this.jars = jars;
        this.connection = Client.connect(channel, key, Duration.ofSeconds(10), channelSettings);
        send(new NodeMessages.Hello(coordinatorMember));
        Thread reader = new Thread(this::read, "ipc4j-node-link-" + host);
        reader.setDaemon(true);
        reader.start();
    }

    String host() {
        return host;
    }

    String member() {
        return member;
    }

    boolean isLost() {
        return lost;
    }

    /**
     * Whether the connection dropped less than {@code nanos} ago: the node is most likely
     * dead, though Hazelcast (which notices within 5 s) may still list it.
     */
    boolean lostWithin(long nanos) {
        return lost && System.nanoTime() - lostAt < nanos;
    }

    /** How many of this coordinator's children run there. */
    int running() {
        return children.size();
    }

    synchronized RemoteChild launch(RemoteLaunch launch) {
        long id = ids.incrementAndGet();
        BlockingQueue<Object> reply = new LinkedBlockingQueue<>();
        replies.put(id, reply);
        RemoteNodeChild child = new RemoteNodeChild(this, id);
        try {
            List<String> hashes = jars.hashes(launch.classPath());
            send(new NodeMessages.Launch(id, launch.name(), new ArrayList<>(launch.jvmOptions()),
                    new ArrayList<>(hashes), launch.mainClass(), new HashMap<>(launch.environment())));
            NodeMessages.Need need = (NodeMessages.Need) await(reply, launch.name());
            for (String sha : need.missing()) {
                send(new NodeMessages.Jar(sha, jars.bytes(sha)));
            }
            children.put(id, child);
            send(new NodeMessages.Go(id));
            Object answer = await(reply, launch.name());
            if (answer instanceof NodeMessages.Failed f) {
                children.remove(id);
                throw new ProcessStartException(f.message() + "; no process was started");
            }
            child.started(((NodeMessages.Started) answer).pid());
            return child;
        } catch (IOException | RuntimeException e) {
            children.remove(id);
            if (e instanceof ProcessStartException p) {
                throw p;
            }
            throw new ProcessStartException("cannot start process " + launch.name() + " on node " + host + ": "
                    + e.getMessage(), e);
        } finally {
            replies.remove(id);
        }
    }

    private Object await(BlockingQueue<Object> reply, String name) {
        try {
            Object m = reply.poll(REPLY_SECONDS, TimeUnit.SECONDS);
            if (m == null || m == LOST) {
                throw new ProcessStartException("node " + host + " " + (m == null ? "did not answer in "
                        + REPLY_SECONDS + " s" : "was lost") + " while starting process " + name);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessStartException("interrupted while starting process " + name + " on node " + host);
        }
    }

    void signal(long id, boolean kill) {
        try {
            send(new NodeMessages.Signal(id, kill));
        } catch (RuntimeException nodeGone) {
            // its children are lost with it, and said so by the reader
        }
    }

    private void send(Object message) {
        synchronized (connection) {
            connection.send(message);
        }
    }

    private void read() {
        try {
            while (true) {
                Object m = connection.recv();
                if (m instanceof NodeMessages.Exited e) {
                    RemoteNodeChild c = children.remove(e.id());
                    if (c != null) {
                        c.ended(e.status());
                    }
                } else if (m instanceof NodeMessages.Output o) {
                    java.io.PrintStream to = o.err() ? System.err : System.out;
                    synchronized (to) {
                        to.write(o.lines(), 0, o.lines().length);
                        to.flush();
                    }
                } else if (m instanceof NodeMessages.Need n) {
                    offer(n.id(), n);
                } else if (m instanceof NodeMessages.Started s) {
                    offer(s.id(), s);
                } else if (m instanceof NodeMessages.Failed f) {
                    offer(f.id(), f);
                }
            }
        } catch (RuntimeException e) {
            lose(e.getMessage());
        }
    }

    private void offer(long id, Object reply) {
        BlockingQueue<Object> q = replies.get(id);
        if (q != null) {
            q.add(reply);
        }
    }

    /** The node is gone: its children end as lost, launches under way fail. */
    void lose(String why) {
        if (lost) {
            return;
        }
        lostAt = System.nanoTime();
        lost = true;
        if (!children.isEmpty()) {
            LOG.warn("lost node {} ({}); its {} children count as ended with status {}", host, why, children.size(),
                    RemoteChild.LOST_WITH_NODE);
        }
        connection.close();
        replies.values().forEach(q -> q.add(LOST));
        for (Long id : List.copyOf(children.keySet())) {
            RemoteNodeChild c = children.remove(id);
            if (c != null) {
                c.ended(RemoteChild.LOST_WITH_NODE);
            }
        }
    }

    @Override
    public void close() {
        lose("this coordinator left the cluster");
    }
}
