package io.ipc4j.hazelcast;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import io.ipc4j.spi.RemoteChild;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes and coordinators killed with kill -9: nothing is left running, and the coordinator knows. */
@Timeout(120)
class FailureTest {
    private static Hosts hosts;
    private static Path key;
    private static final Hosts.Node[] NODES = new Hosts.Node[3];

    @BeforeAll
    static void makeHosts() throws Exception {
        Assumptions.assumeTrue(Hosts.usable(), "the cluster tests need root and iproute2");
        hosts = new Hosts(2);
        key = hosts.keyFile("key");
    }

    @AfterAll
    static void removeHosts() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    /** Both nodes up, those killed by an earlier test started again. */
    @BeforeEach
    void nodesUp() throws Exception {
        for (int i = 1; i <= 2; i++) {
            if (NODES[i] == null || !NODES[i].process.isAlive()) {
                NODES[i] = hosts.startNode(i, key);
            }
        }
        for (int i = 1; i <= 2; i++) {
            Hosts.awaitReady(NODES[i], Duration.ofSeconds(60));
        }
    }

    /** A coordinator on the test hosts' cluster, with {@code more} settings. */
    private static Context clusterContext(Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("ipc4j.cluster", "hazelcast",
                "ipc4j.cluster.join", hosts.joinList(), "ipc4j.authkey.file", key.toString()));
        settings.putAll(more);
        return Context.create(settings);
    }

    @Test
    @Timeout(60)
    void whenANodeIsKilledItsChildrenEndNonZeroWithinFiveSeconds() throws Exception {
        try (Context mp = clusterContext(Map.of())) {
            Queue<String> q = mp.queue();
            Queue<String> never = mp.queue();
            List<ChildProcess> there = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                there.add(mp.process((Queue<String> up, Queue<String> hold) -> {
                    up.put("up");
                    hold.get();
                }, q, never).onHost(Hosts.host(1)).daemon(true).start());
            }
            for (int i = 0; i < 2; i++) {
                try {
                    q.get(Duration.ofSeconds(20));
                } catch (io.ipc4j.QueueEmptyException e) {
                    throw new AssertionError("the children did not start: " + there + "\n" + hosts.stacksIn(1)
                            + hosts.logs(), e);
                }
            }
            long t0 = System.nanoTime();
            NODES[1].kill9();
            for (ChildProcess p : there) {
                assertTrue(p.join(Duration.ofSeconds(5)), "a child of the killed node still counts as running: " + p);
                assertEquals(RemoteChild.LOST_WITH_NODE, p.exitCode().getAsInt(), p.toString());
            }
            long seen = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("children of a killed node seen ended after " + seen + " ms");
            assertTrue(seen < 5000, seen + " ms");
            awaitOnlyNodeLeft(1, null, Duration.ofSeconds(5));
            // the other node goes on serving, at once: the lost node gets nothing while Hazelcast still lists it
            List<ChildProcess> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // more children than the node has CPUs, so that free CPUs alone would pick the lost node
                after.add(mp.process(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start());
            }
            for (ChildProcess p : after) {
                p.join();
                assertEquals(Hosts.host(2), p.host());
                assertEquals(0, p.exitCode().getAsInt());
            }
        }
    }

    @Test
    @Timeout(90)
    void whenANodeIsKilledDuringAPoolMapItsChunksRunAgainOnTheOtherNode() throws Exception {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(i);
        }
        try (Context mp = clusterContext(Map.of()); io.ipc4j.Pool pool = mp.pool(2)) {
            Queue<String> started = mp.queue();
            // a chunk runs only with a token, and there is none until a chunk has started on each
            // node: each worker then holds one (however late the second came up), and node 1's
            // is in progress when the node is killed
            Queue<String> tokens = mp.queue();
            var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> pool.map((Integer x) -> {
                String host = java.net.InetAddress.getLocalHost().getHostAddress();
                for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                    for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                        if (a.getHostAddress().startsWith("10.231.")) {
                            host = a.getHostAddress();
                        }
                    }
                }
                started.put(host);
                tokens.get();
                Thread.sleep(20);
                return x * x + "@" + host;
            }, items, 1));
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (seen.size() < 2) {
                seen.add(started.get(Duration.ofSeconds(30)));
            }
            NODES[1].kill9();
            for (int i = 0; i < items.size() + 20; i++) { // some may go to the dead worker's parked get
                tokens.put("run");
            }
            List<String> got = result.get(60, TimeUnit.SECONDS);
            assertEquals(items.stream().map(x -> x * x).toList(),
                    got.stream().map(r -> Integer.parseInt(r.split("@")[0])).toList());
            assertTrue(got.stream().allMatch(r -> r.endsWith("@" + Hosts.host(2))),
                    "no chunk had finished on node 1, yet a result came from there: " + got);
        }
    }

    @Test
    @Timeout(90)
    void aNodeCutOffByAPartitionLosesItsChildrenOnBothSidesAndNothingRunsTwice() throws Exception {
        // the coordinator waits up to 12 s, the nodes the default 5 s: the node acts first
        try (Context mp = clusterContext(Map.of("ipc4j.cluster.lostAfterSeconds", "12"))) {
            Queue<String> q = mp.queue();
            Queue<String> never = mp.queue();
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                children.add(mp.process((Queue<String> up, Queue<String> hold) -> {
                    up.put("up");
                    hold.get();
                }, q, never).onHost(Hosts.host(i)).daemon(true).start());
            }
            for (int i = 0; i < 2; i++) {
                q.get(Duration.ofSeconds(30));
            }
            ChildProcess cut = children.get(0);
            long t0 = System.nanoTime();
            try {
                hosts.link(1, false);
                // the node (5 s, and slack for a loaded machine) kills the children of the coordinator it lost
                awaitOnlyNodeLeft(1, NODES[1], Duration.ofSeconds(11).minusNanos(System.nanoTime() - t0));
                // lost after at most 12 s of silence (sooner when the master node drops the silent
                // member first and tells the coordinator), with some slack for a loaded machine
                assertTrue(cut.join(Duration.ofSeconds(24).minusNanos(System.nanoTime() - t0)),
                        "the child behind the partition still counts as running");
                long seen = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("child behind a partition seen lost after " + seen + " ms");
                assertEquals(RemoteChild.LOST_WITH_NODE, cut.exitCode().getAsInt());
                assertTrue(children.get(1).isAlive(), "the child on the other side goes on");
                ChildProcess next = mp.process(() -> { }).start();
                next.join();
                assertEquals(Hosts.host(2), next.host(), "a new child goes to the node still reachable");
            } finally {
                hosts.link(1, true);
            }
            // the link is back: the lost child was not started again anywhere
            Thread.sleep(2000);
            assertEquals(List.of(NODES[1].process.pid()), hosts.pidsIn(1));
            never.put("go");
            children.get(1).join(Duration.ofSeconds(10));
            assertEquals(0, children.get(1).exitCode().getAsInt());
        } finally {
            NODES[1].kill9(); // it may now be a cluster of its own: the next test starts a fresh one
        }
    }

    @Test
    @Timeout(90)
    void whenAConsumersHostVanishesWhatTheBrokerHandedItGoesToTheOtherConsumersExactlyOnce() throws Exception {
        try (Context mp = clusterContext(Map.of())) {
            Queue<Integer> q = mp.queue();
            Queue<String> report = mp.queue();
            ChildProcess lost = mp.process((Queue<Integer> in, Queue<String> out) -> {
                for (int i = 0; i < 3; i++) {
                    out.put("took " + in.get());
                }
                out.put("waiting");
                out.put("took " + in.get()); // parked at the broker when its host vanishes
            }, q, report).onHost(Hosts.host(1)).daemon(true).start();
            for (int i = 0; i < 3; i++) {
                q.put(i);
            }
            List<String> took = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                took.add(report.get(Duration.ofSeconds(30)));
            }
            assertEquals(List.of("took 0", "took 1", "took 2", "waiting"), took);
            Thread.sleep(500); // its fetch is parked at the broker
            try {
                hosts.crash(1);
                long t0 = System.nanoTime();
                // the broker cannot know yet: the first of these goes to the vanished consumer
                int items = 20;
                for (int i = 3; i < 3 + items; i++) {
                    q.put(i);
                }
                ChildProcess other = mp.process((Queue<Integer> in, Queue<String> out) -> {
                    for (Integer x = in.get(); x >= 0; x = in.get()) {
                        out.put("got " + x);
                    }
                }, q, report).onHost(Hosts.host(2)).start();
                java.util.Set<String> got = new java.util.TreeSet<>();
                for (int i = 0; i < items; i++) {
                    String r = report.get(Duration.ofSeconds(30));
                    assertTrue(got.add(r), "delivered twice: " + r);
                }
                System.out.println("all items reached the other consumer " + (System.nanoTime() - t0) / 1_000_000
                        + " ms after its host vanished; the lost child ended " + lost.exitCode());
                java.util.Set<String> expected = new java.util.TreeSet<>();
                for (int i = 3; i < 3 + items; i++) {
                    expected.add("got " + i);
                }
                assertEquals(expected, got);
                q.put(-1);
                other.join(Duration.ofSeconds(30));
                assertEquals(0, other.exitCode().getAsInt());
                assertThrows(io.ipc4j.QueueEmptyException.class, () -> report.get(Duration.ofMillis(500)));
                // the items may all have gone to the other consumer before the node was declared lost
                assertTrue(lost.join(Duration.ofSeconds(30)), "the child on the vanished host was never declared lost");
                assertEquals(RemoteChild.LOST_WITH_NODE, lost.exitCode().getAsInt());
            } finally {
                hosts.link(1, true);
            }
        }
    }

    @Test
    @Timeout(90)
    void whenTheCoordinatorIsKilledItsChildrenOnEveryNodeAreGoneWithinFiveSeconds(@TempDir Path tmp) throws Exception {
        // a coordinator killed with kill -9 leaves its socket directory, and its children on other
        // hosts cannot remove it (local children do): the test's temporary directory takes it
        Process coordinator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                CoordinatorMain.class.getName(), hosts.joinList(), key.toString(), "2")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> hostsOfChildren = new ArrayList<>();
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                seen.append(line).append('\n');
                if (line.startsWith("child ")) {
                    hostsOfChildren.add(line.split(" ")[1]);
                }
            }
            assertEquals(List.of(Hosts.host(1), Hosts.host(2)), hostsOfChildren.stream().sorted().toList(),
                    "one child on each node:\n" + seen);
            for (int i = 1; i <= 2; i++) {
                assertTrue(hosts.pidsIn(i).size() > 1, "a child runs on host " + i);
            }
            long t0 = System.nanoTime();
            coordinator.destroyForcibly();
            coordinator.waitFor(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 2; i++) {
                awaitOnlyNodeLeft(i, NODES[i], Duration.ofSeconds(5).minusNanos(System.nanoTime() - t0));
            }
            System.out.println("children on every node gone " + (System.nanoTime() - t0) / 1_000_000
                    + " ms after the coordinator was killed");
        } finally {
            coordinator.destroyForcibly();
        }
    }

    /** Waits until the only process on host {@code i} is {@code node} (none when null). */
    private static void awaitOnlyNodeLeft(int i, Hosts.Node node, Duration within) throws Exception {
        long deadline = System.nanoTime() + Math.max(0, within.toNanos());
        List<Long> expected = node == null ? List.of() : List.of(node.process.pid());
        List<Long> pids = hosts.pidsIn(i);
        while (!pids.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            pids = hosts.pidsIn(i);
        }
        assertEquals(expected, pids, "processes left on host " + i + ":\n" + hosts.logs());
        assertFalse(node != null && !node.process.isAlive(), "the node on host " + i + " died");
    }
}
