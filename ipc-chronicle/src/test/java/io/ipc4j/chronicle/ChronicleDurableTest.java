package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Durable queues: their items outlive every process that used them, a kill -9 included. */
@Timeout(120)
class ChronicleDurableTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChronicleFixture fx = new ChronicleFixture();
    private final Path dir = fx.root.resolve("durable");

    @AfterEach
    void close() {
        fx.close();
        ChronicleQueues.deleteTree(fx.root);
    }

    @Test
    void itemsPutAndNotTakenOutliveAKilledProgramAndAreTakenOnceByTheNext() throws Exception {
        Queue<String> report = fx.mp.queue();
        String where = dir.toString();
        ChildProcess program = fx.mp.process((Queue<String> r) -> {
            ChronicleQueueHandle<Integer> q = ChronicleQueues.openDurable(Path.of(where), 0, true);
            for (int i = 0; i < 1000; i++) {
                q.put(i);
            }
            for (int i = 0; i < 300; i++) {
                q.get();
                q.taskDone();
            }
            r.put("put 1000, took 300");
            Thread.sleep(120_000);
        }, report).start();
        assertEquals("put 1000, took 300", report.get(WAIT));
        program.kill();
        assertTrue(program.join(WAIT));

        ChronicleQueueHandle<Integer> q = ChronicleQueues.openDurable(dir, 0, true);
        assertEquals(700, q.qsize());
        assertFalse(q.join(Duration.ZERO), "700 items are not done");
        for (int i = 300; i < 1000; i++) {
            assertEquals(i, q.get(WAIT));
            q.taskDone();
        }
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(200)));
        assertTrue(q.join(Duration.ZERO));
        q.close();
        assertTrue(Files.exists(dir.resolve(QueueFiles.METADATA)), "closing a durable queue deleted it");

        ChronicleQueueHandle<Integer> again = ChronicleQueues.openDurable(dir, 0, true);
        assertEquals(0, again.qsize());
        again.close();
    }

    @Test
    void aDirectoryHoldingAnotherKindOfQueueOrOtherFilesIsRefused() throws Exception {
        ChronicleQueues.openDurable(dir, 0, false).close();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ChronicleQueues.openDurable(dir, 5, false));
        assertTrue(other.getMessage().contains("maxsize 0") && other.getMessage().contains("maxsize 5"),
                other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChronicleQueues.openDurable(dir, 0, true));
        ChronicleQueues.openDurable(dir, 0, false).close();

        Path notAQueue = fx.root.resolve("not-a-queue");
        Files.createDirectories(notAQueue);
        Files.writeString(notAQueue.resolve("notes.txt"), "mine");
        IllegalArgumentException files = assertThrows(IllegalArgumentException.class,
                () -> ChronicleQueues.openDurable(notAQueue, 0, false));
        assertTrue(files.getMessage().contains("no Chronicle queue"), files.getMessage());
        assertEquals("mine", Files.readString(notAQueue.resolve("notes.txt")));
        ChronicleQueues.deleteTree(notAQueue);
    }

    private static void putAndDrop(Path dir, int item) {
        ChronicleQueueHandle<Integer> q = ChronicleQueues.openDurable(dir, 0, false);
        q.put(item);
    }

    @Test
    void durableQueuesNoHandleReachesAreUnmappedButNeverDeleted() throws Exception {
        int before = QueueFiles.attachedCount();
        for (int i = 0; i < 10; i++) {
            putAndDrop(fx.root.resolve("durable" + i), i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (QueueFiles.attachedCount() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, QueueFiles.attachedCount(), "durable queues no handle reaches are still mapped");
        for (int i = 0; i < 10; i++) {
            ChronicleQueueHandle<Integer> q = ChronicleQueues.openDurable(fx.root.resolve("durable" + i), 0, false);
            assertEquals(i, q.get(WAIT));
            q.close();
        }
    }
}
