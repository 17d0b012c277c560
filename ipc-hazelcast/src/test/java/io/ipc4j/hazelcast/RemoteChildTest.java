package io.ipc4j.hazelcast;

import io.ipc4j.Address;
import io.ipc4j.AuthenticationException;
import io.ipc4j.ChildProcess;
import io.ipc4j.Client;
import io.ipc4j.IpcException;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import io.ipc4j.ProcessStartException;
import io.ipc4j.Queue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Children on nodes of other "hosts", reached through a Queue and a Pipe. */
@Timeout(120)
class RemoteChildTest {
    private static Hosts hosts;
    private static Path key;
    private static Hosts.Node first;
    /** A node on host 2's address, at port 5702, holding another key than the cluster's. */
    private static Hosts.Node rogue;

    @BeforeAll
    static void startNodes() throws Exception {
        Assumptions.assumeTrue(Hosts.usable(), "the cluster tests need root and iproute2");
        hosts = new Hosts(2);
        key = hosts.keyFile("key");
        Hosts.Node a = hosts.startNode(1, key);
        Hosts.Node b = hosts.startNode(2, key);
        Hosts.Node r = hosts.startNode(2, 5702, hosts.keyFile("rogue-key"), Map.of());
        first = Hosts.awaitReady(a, Duration.ofSeconds(60));
        Hosts.awaitReady(b, Duration.ofSeconds(60));
        rogue = Hosts.awaitReady(r, Duration.ofSeconds(60));
        System.out.println("node start: " + a.startMillis + " ms and " + b.startMillis + " ms");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    static Map<String, String> cluster(Path keyFile) {
        return Map.of("ipc4j.cluster", "hazelcast", "ipc4j.cluster.join", hosts.joinList(),
                "ipc4j.authkey.file", keyFile.toString());
    }

    /** This process's IPv4 addresses but loopback. */
    static List<String> addresses() throws Exception {
        List<String> found = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(i.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    found.add(a.getHostAddress());
                }
            }
        }
        return found;
    }

    @Test
    @Timeout(60)
    void aChildOnANodeTalksThroughAQueueAndAPipe() throws Exception {
        Path marker = Files.createTempFile(Path.of("/dev/shm"), "ipc4jt-marker-", "");
        String markerName = marker.toString();
        try (Context mp = Context.create(cluster(key))) {
            Queue<String> q = mp.queue();
            Pipe pipe = mp.pipe();
            Connection mine = pipe.left();
            long t0 = System.nanoTime();
            ChildProcess p = mp.process((Queue<String> queue, Connection c) -> {
                try {
                    queue.put(String.join(",", addresses()));
                    queue.put(String.valueOf(Files.exists(Path.of(markerName))));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                c.send(c.recv() + " back");
            }, q, pipe.right()).start();
            String where = q.get();
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(where.equals(Hosts.host(1)) || where.equals(Hosts.host(2)),
                    "the child runs on a node's host only, not here: " + where);
            assertEquals(where, p.host());
            assertEquals("false", q.get(), "the node has its own /dev/shm");
            mine.send("ping");
            assertEquals("ping back", mine.recv());
            p.join();
            assertEquals(0, p.exitCode().getAsInt());
            assertTrue(p.toString().contains("host=" + where), p.toString());
            System.out.println("remote child start to first item: " + startMillis + " ms (first launch, jars sent)");
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    @Test
    @Timeout(60)
    void aChildPinnedToAHostRunsThere() throws Exception {
        try (Context mp = Context.create(cluster(key))) {
            for (int i : new int[] {2, 1}) {
                Queue<String> q = mp.queue();
                long t0 = System.nanoTime();
                ChildProcess p = mp.process((Queue<String> queue) -> {
                    try {
                        queue.put(String.join(",", addresses()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, q).onHost(Hosts.host(i)).start();
                assertEquals(Hosts.host(i), q.get());
                p.join();
                System.out.println("remote child start+join on " + p.host() + ": "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertEquals(Hosts.host(i), p.host());
                assertEquals(0, p.exitCode().getAsInt());
            }
            ProcessStartException e = assertThrows(ProcessStartException.class,
                    () -> mp.process(() -> { }).onHost("10.231.0.99").start());
            assertTrue(e.getMessage().contains("no ipc4j node there"), e.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void terminateAndKillReachAChildOnANode() throws Exception {
        try (Context mp = Context.create(cluster(key))) {
            Queue<String> up = mp.queue();
            Queue<String> never = mp.queue();
            ChildProcess terminated = mp.process((Queue<String> u, Queue<String> n) -> {
                u.put("up");
                n.get();
            }, up, never).onHost(Hosts.host(1)).start();
            ChildProcess killed = mp.process((Queue<String> u, Queue<String> n) -> {
                u.put("up");
                n.get();
            }, up, never).onHost(Hosts.host(2)).start();
            up.get();
            up.get();
            terminated.terminate();
            killed.kill();
            assertTrue(terminated.join(Duration.ofSeconds(10)) && killed.join(Duration.ofSeconds(10)));
            assertEquals(-15, terminated.exitCode().getAsInt());
            assertEquals(-9, killed.exitCode().getAsInt());
        }
    }

    @Test
    @Timeout(60)
    void placementSpreadsChildrenOverTheNodes() throws Exception {
        try (Context mp = Context.create(cluster(key))) {
            Queue<String> q = mp.queue();
            List<ChildProcess> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(mp.process((Queue<String> queue) -> queue.get(), q).start());
            }
            assertTrue(!started.get(0).host().equals(started.get(1).host()),
                    "two children on two equal nodes go to both: " + started);
            q.put("go");
            q.put("go");
            for (ChildProcess p : started) {
                p.join();
                assertEquals(0, p.exitCode().getAsInt());
            }
        }
    }

    @Test
    @Timeout(90)
    void poolMapOverWorkersOnTwoNodesEqualsAPlainLoop() throws Exception {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            items.add(i);
        }
        try (Context mp = Context.create(cluster(key)); io.ipc4j.Pool pool = mp.pool(2)) {
            assertEquals(items.stream().map(x -> x * x).toList(), pool.map((Integer x) -> x * x, items));
            // Two one-item chunks that each hold their worker until both have reported where
            // they run: the second can only go to the other worker, however late it came up.
            Queue<String> started = mp.queue();
            Queue<String> go = mp.queue();
            io.ipc4j.AsyncResult<List<String>> held = pool.mapAsync((Integer x) -> {
                String host = String.join(",", addresses());
                started.put(host);
                go.get();
                return host;
            }, List.of(0, 1));
            java.util.Set<String> where = new java.util.HashSet<>();
            where.add(started.get(Duration.ofSeconds(60)));
            where.add(started.get(Duration.ofSeconds(60)));
            go.put("go");
            go.put("go");
            assertEquals(java.util.Set.of(Hosts.host(1), Hosts.host(2)), where);
            assertEquals(where, new java.util.HashSet<>(held.get(Duration.ofSeconds(60))));
        }
    }

    @Test
    @Timeout(60)
    void aManagerOnANodeServesChildrenOnTheOtherNodeAndTheCoordinator() throws Exception {
        try (Context mp = Context.create(cluster(key)); io.ipc4j.Manager m = mp.manager()) {
            Map<String, Integer> d = m.dict();
            String managerHost = m.process().orElseThrow().host();
            int other = managerHost.equals(Hosts.host(1)) ? 2 : 1;
            ChildProcess p = mp.process((Map<String, Integer> dict) -> dict.put("answer", 42), d)
                    .onHost(Hosts.host(other)).start();
            p.join();
            assertEquals(0, p.exitCode().getAsInt());
            assertEquals(42, d.get("answer"));
        }
    }

    @Test
    @Timeout(60)
    void whatAChildOnANodePrintsReachesTheCoordinatorBeforeItsEnd() throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream seenOut = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream seenErr = new java.io.ByteArrayOutputStream();
        try (Context mp = Context.create(cluster(key))) {
            System.setOut(new java.io.PrintStream(seenOut, true));
            System.setErr(new java.io.PrintStream(seenErr, true));
            ChildProcess p = mp.process(() -> {
                System.out.println("out of the node");
                System.out.print("no newline");
                System.err.println("err of the node");
            }).start();
            p.join();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertTrue(seenOut.toString().contains("out of the node\nno newline"), seenOut.toString());
        assertTrue(seenErr.toString().contains("err of the node\n"), seenErr.toString());
    }

    @Test
    @Timeout(60)
    void withAClusterSharedValuesLiveInAManagerThatChildrenOnNodesReach() throws Exception {
        try (Context mp = Context.create(cluster(key))) {
            io.ipc4j.IntValue v = mp.intValue(0);
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                children.add(mp.process((io.ipc4j.IntValue value) -> value.getAndAdd(5), v)
                        .onHost(Hosts.host(i)).start());
            }
            for (ChildProcess p : children) {
                p.join();
                assertEquals(0, p.exitCode().getAsInt());
            }
            assertEquals(10, v.get());
        }
    }

    @Test
    @Timeout(30)
    void sharedMemoryWithAClusterIsRefusedAtCreation() {
        Map<String, String> settings = new java.util.HashMap<>(cluster(key));
        settings.put("ipc4j.shared", "mmap");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.create(settings).close());
        assertTrue(e.getMessage().contains("ipc4j.shared=mmap") && e.getMessage().contains("manager"), e.getMessage());
    }

    @Test
    @Timeout(60)
    void aCoordinatorWithAnotherKeyFindsNoNode() throws Exception {
        Path other = hosts.keyFile("other-key");
        long t0 = System.nanoTime();
        IpcException e = assertThrows(IpcException.class, () -> Context.create(cluster(other)).close());
        assertTrue(e.getMessage().contains("no ipc4j node is in the cluster"), e.getMessage());
        System.out.println("a coordinator with another key gave up after " + (System.nanoTime() - t0) / 1_000_000
                + " ms");
    }

    @Test
    @Timeout(60)
    void aPeerWithAnotherKeyIsRefusedByTheNodeBeforeItSaysAnything() throws Exception {
        int startedBefore = count(first.log(), "started process");
        byte[] wrong = Files.readAllBytes(hosts.keyFile("wrong-key"));
        assertThrows(AuthenticationException.class,
                () -> Client.connect(Address.parse(first.channel), wrong, Duration.ofSeconds(10)).close());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!first.log().contains("refused a peer") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(first.log().contains("refused a peer"), first.log());
        assertEquals(startedBefore, count(first.log(), "started process"));
        // and the node goes on serving peers that hold the key
        try (Context mp = Context.create(cluster(key))) {
            ChildProcess p = mp.process(() -> { }).onHost(first.host).start();
            p.join();
            assertEquals(0, p.exitCode().getAsInt());
        }
    }

    @Test
    @Timeout(30)
    void aKeyFileOthersCanReadIsRefusedByName() throws Exception {
        Path open = hosts.keyFile("open-key");
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        AuthKeyFileException e = assertThrows(AuthKeyFileException.class, () -> Context.create(cluster(open)).close());
        assertTrue(e.getMessage().contains("rw-r--r--") && e.getMessage().contains("0600")
                && e.getMessage().contains("ipc4j.authkey.file"), e.getMessage());
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "ipc4j-node.jar").toString(), "--bind", "127.0.0.1:5701", "--join",
                "127.0.0.1:5701", "--authkey-file", open.toString()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, node.waitFor());
        assertTrue(out.contains("AuthKeyFileException") && out.contains("chmod 600"), out);
    }

    @Test
    @Timeout(60)
    void aNodeWithAnotherKeyIsNotAMemberAndGetsNoChildEvenWhenTheCoordinatorListsIt() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(cluster(key));
        settings.put("ipc4j.cluster.join", hosts.joinList() + "," + Hosts.host(2) + ":5702");
        try (Context mp = Context.create(settings)) {
            Queue<String> hold = mp.queue();
            List<ChildProcess> children = new ArrayList<>();
            // with the rogue node a member, three children held at once would go to three nodes
            for (int i = 0; i < 3; i++) {
                children.add(mp.process((Queue<String> h) -> h.get(), hold).start());
            }
            for (int i = 0; i < 3; i++) {
                hold.put("go");
            }
            for (ChildProcess p : children) {
                p.join();
                assertEquals(0, p.exitCode().getAsInt());
            }
        }
        assertEquals(0, count(rogue.log(), "started process"), rogue.log());
        assertTrue(rogue.log().contains("Members {size:1,"), "the rogue node is alone in a cluster of its own:\n"
                + rogue.log());
    }

    /** Kryo reads it through {@link #read}, which counts: a mark left by deserialization itself. */
    static final class Mark implements com.esotericsoftware.kryo.KryoSerializable {
        static final java.util.concurrent.atomic.AtomicInteger READ = new java.util.concurrent.atomic.AtomicInteger();
        String tag;

        Mark(String tag) {
            this.tag = tag;
        }

        @Override
        public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output out) {
            out.writeString(tag);
        }

        @Override
        public void read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input in) {
            tag = in.readString();
            READ.incrementAndGet();
        }
    }

    @Test
    @Timeout(60)
    void aPeerWithAnotherKeyGetsNothingDeserializedByTheCoordinatorEvenSentBeforeTheVerdict() throws Exception {
        try (Context mp = Context.create(cluster(key))) {
            Object coordinator = field(mp, "runtime");
            byte[] coordinatorKey = (byte[]) field(coordinator, "authKey");
            String address = (String) coordinator.getClass().getMethod("controlAddress").invoke(coordinator);
            assertTrue(address.startsWith("tcp:" + Hosts.COORDINATOR + ":"), address);
            Queue<Mark> q = mp.queue();
            int queueId = (Integer) field(q, "queueId");
            byte[] put = io.ipc4j.internal.wire.FrameWriter.of(io.ipc4j.internal.wire.Op.Q_PUT, 64).putInt(0)
                    .putInt(queueId).putInt(1).putBytes(io.ipc4j.internal.wire.ObjectCodec.toBytes(new Mark("sent")))
                    .toBytes();
            int readBefore = Mark.READ.get();
            // the control: with the coordinator's key, the same bytes reach the queue and are read
            try (RawPeer right = RawPeer.attack(address, false, coordinatorKey, List.of(put))) {
                assertEquals("sent", q.get(Duration.ofSeconds(10)).tag);
            }
            assertEquals(readBefore + 1, Mark.READ.get());
            int refusedBefore = mp.refusedConnections();
            byte[] wrong = Files.readAllBytes(hosts.keyFile("peer-key"));
            try (RawPeer attacker = RawPeer.attack(address, false, wrong, List.of(put, put, put))) {
                assertThrows(io.ipc4j.QueueEmptyException.class, () -> q.get(Duration.ofSeconds(2)));
                assertEquals(readBefore + 1, Mark.READ.get(), "nothing a refused peer sent was deserialized");
                assertTrue(attacker.closedByPeerWithin(10_000), "the coordinator closes a peer with another key");
            }
            // the coordinator counts the refusal after it closed the socket the attacker saw close
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (mp.refusedConnections() == refusedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(refusedBefore + 1, mp.refusedConnections());
        }
    }

    @Test
    @Timeout(60)
    void aPeerWithAnotherKeyGetsNothingDeserializedByANodeEvenSentBeforeTheVerdict() throws Exception {
        // what the node deserializes from a coordinator shows in its log: the Hello names the
        // coordinator, and a message of no known kind is logged with that name
        String seen = "coordinator-" + System.nanoTime();
        List<byte[]> frames = List.of(io.ipc4j.internal.wire.ObjectCodec.toBytes(new NodeMessages.Hello(seen)),
                io.ipc4j.internal.wire.ObjectCodec.toBytes("no message of a node"));
        try (RawPeer right = RawPeer.attack(first.channel, true, Files.readAllBytes(key), frames)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!first.log().contains("unexpected message from coordinator " + seen) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertTrue(first.log().contains("unexpected message from coordinator " + seen), first.log());
        String unseen = "coordinator-" + System.nanoTime();
        frames = List.of(io.ipc4j.internal.wire.ObjectCodec.toBytes(new NodeMessages.Hello(unseen)),
                io.ipc4j.internal.wire.ObjectCodec.toBytes("no message of a node"));
        int refusedBefore = count(first.log(), "refused a peer");
        try (RawPeer attacker = RawPeer.attack(first.channel, true, Files.readAllBytes(hosts.keyFile("attacker-key")),
                frames)) {
            Thread.sleep(2000);
            assertTrue(!first.log().contains(unseen), "nothing a refused peer sent was deserialized:\n" + first.log());
            assertTrue(attacker.closedByPeerWithin(10_000), "the node closes a peer with another key");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count(first.log(), "refused a peer") == refusedBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(refusedBefore + 1, count(first.log(), "refused a peer"), first.log());
    }

    private static Object field(Object of, String name) throws ReflectiveOperationException {
        for (Class<?> c = of.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(of);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name + " in " + of.getClass());
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
