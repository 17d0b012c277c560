package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Queues a context made are freed (their directories deleted) once no process reaches them,
 * not only when the context closes; a queue reached only by a child, or only by a handle
 * travelling inside another queue's item, keeps its items.
 */
@Timeout(180)
class ChronicleLifetimeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Context mp = fx.mp;

    @AfterEach
    void close() {
        fx.close();
    }

    private int queueDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(fx.root)) {
            return (int) dirs.filter(Files::isDirectory).count();
        }
    }

    /** What still holds or pins the queues left, for failure messages. */
    private String lifetimeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(fx.root)) {
            return files.filter(p -> p.toString().contains(QueueLifetime.DIR + "/")).map(fx.root::relativize)
                    .map(Path::toString).filter(p -> !p.endsWith("lock")).sorted().toList().toString();
        }
    }

    private void collectUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
    }

    @Test
    void queuesTheCoordinatorDropsAreFreedWithTheirFiles() throws Exception {
        ChronicleQueueHandle<Integer> kept = fx.queues.create(0, false);
        kept.put(1);
        for (int i = 0; i < 300; i++) {
            ChronicleQueueHandle<byte[]> q = fx.queues.create(0, false);
            q.put(new byte[10_000]);
        }
        assertTrue(fx.queues.liveQueues() < 300, fx.queues.liveQueues() + " queues live after 301 were made:"
                + " making them did not free the dropped ones");
        collectUntil(() -> fx.queues.liveQueues() == 1);
        assertEquals(1, fx.queues.liveQueues(), "queues the coordinator dropped are still live: " + lifetimeFiles());
        assertEquals(1, queueDirs(), "directories of queues the coordinator dropped are still there");
        assertEquals(1, kept.get(WAIT), "the queue still referenced lost its item");
    }

    @Test
    void theTransportFreesDroppedQueuesByItselfWithinSeconds() throws Exception {
        String id = "lifetime" + ProcessHandle.current().pid() + System.nanoTime();
        io.ipc4j.spi.ContextQueues queues = new ChronicleTransport().open(new io.ipc4j.spi.QueueHost() {
            @Override
            public String contextId() {
                return id;
            }

            @Override
            public io.ipc4j.Config config() {
                return io.ipc4j.Config.of(java.util.Map.of());
            }
        });
        Path root = ChronicleTransport.root(id);
        try {
            for (int i = 0; i < 20; i++) {
                queues.create(0, false).put(i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (queueDirsIn(root) > 0 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(100);
            }
            assertEquals(0, queueDirsIn(root), "the directories of dropped queues are still there, unasked");
        } finally {
            queues.close();
        }
        assertFalse(Files.exists(root));
    }

    private static long queueDirsIn(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().matches("q[0-9]+")).count();
        }
    }

    /** In a child: takes handles from {@code in} until a null, uses each and drops it, and says how many it mapped. */
    static void useAndDrop(Queue<ChronicleQueueHandle<Integer>> in, Queue<Integer> report) {
        for (ChronicleQueueHandle<Integer> q = in.get(); q != null; q = in.get()) {
            q.put(7);
            if (q.get() != 7) {
                throw new IllegalStateException("a queue gave back something else");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (QueueFiles.attachedCount() > 1 && System.nanoTime() < deadline) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        report.put(QueueFiles.attachedCount());
        in.get(); // lives on until told to end
    }

    @Test
    void queuesAChildWasHandedAndDroppedAreFreedWhileItRuns() throws Exception {
        ChronicleQueueHandle<ChronicleQueueHandle<Integer>> carrier = fx.queues.create(0, false);
        Queue<Integer> report = mp.queue();
        ChildProcess child = mp.process(ChronicleLifetimeTest::useAndDrop, carrier, report).start();
        try {
            for (int i = 0; i < 200; i++) {
                carrier.put(fx.queues.create(0, false));
            }
            carrier.put(null);
            assertEquals(1, report.get(WAIT), "queues the child mapped once it dropped them all but the carrier");
            collectUntil(() -> fx.queues.liveQueues() == 1);
            assertEquals(1, fx.queues.liveQueues(), "queues the child and the coordinator dropped are still live");
            assertEquals(1, queueDirs());
        } finally {
            carrier.put(null);
            assertTrue(child.join(WAIT));
        }
        assertEquals(0, child.exitCode().orElseThrow());
    }

    @Test
    void aQueueOnlyAHandleInAnotherQueuesItemReachesKeepsItsItems() throws Exception {
        ChronicleQueueHandle<ChronicleQueueHandle<String>> carrier = fx.queues.create(0, false);
        putInnerQueueAndDropIt(carrier);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            assertEquals(2, fx.queues.liveQueues(), "the queue whose handle is in an item was freed");
        }
        Queue<String> report = mp.queue();
        ChildProcess child = mp.process((Queue<ChronicleQueueHandle<String>> c, Queue<String> r) -> {
            ChronicleQueueHandle<String> inner = c.get();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                s.append(inner.get(Duration.ofSeconds(10)));
            }
            r.put(s.toString());
        }, carrier, report).start();
        assertEquals("abc", report.get(WAIT));
        assertTrue(child.join(WAIT));
        collectUntil(() -> fx.queues.liveQueues() == 1);
        assertEquals(1, fx.queues.liveQueues(), "the inner queue lives on once its last reader is gone");
    }

    private void putInnerQueueAndDropIt(ChronicleQueueHandle<ChronicleQueueHandle<String>> carrier) {
        ChronicleQueueHandle<String> inner = fx.queues.create(0, false);
        inner.put("a");
        inner.put("b");
        inner.put("c");
        carrier.put(inner);
    }

    @Test
    void aQueueOnlyAChildReachesKeepsItsItems() throws Exception {
        Queue<String> report = mp.queue();
        ChronicleQueueHandle<ChronicleQueueHandle<String>> carrier = fx.queues.create(0, false);
        Queue<String> go = mp.queue(); // a broker queue: not one of fx.queues
        int before = fx.queues.liveQueues();
        ChildProcess child = mp.process((ChronicleQueueHandle<ChronicleQueueHandle<String>> c, Queue<String> r) -> {
            ChronicleQueueHandle<String> held = c.get();
            held.put("x");
            held.put("y");
            held.put("z");
            r.put("put");
            go.get(); // while the coordinator collects
            r.put(held.get() + held.get() + held.get());
        }, carrier, report).start();
        try {
            // the child's arguments stay reachable here (a ChildProcess keeps its target): the queue goes in an item
            handOverAndDrop(carrier);
            assertEquals("put", report.get(WAIT));
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(50);
                assertEquals(before + 1, fx.queues.liveQueues(), "the queue only a child holds was freed");
            }
            go.put("go");
            assertEquals("xyz", report.get(WAIT));
            assertTrue(child.join(WAIT));
        } finally {
            child.kill(); // a child whose queue was freed under it would wait in get for ever
        }
        collectUntil(() -> fx.queues.liveQueues() == before);
        assertEquals(before, fx.queues.liveQueues(), "the queue lives on once the child that held it is gone: "
                + lifetimeFiles());
    }

    private void handOverAndDrop(ChronicleQueueHandle<ChronicleQueueHandle<String>> carrier) {
        carrier.put(fx.queues.create(0, false));
    }
}
