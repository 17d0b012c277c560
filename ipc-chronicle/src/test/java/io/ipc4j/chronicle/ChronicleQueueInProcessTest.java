package io.ipc4j.chronicle;

import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Queue behaviour in one process, against the broker's (ipc-netty's QueueTest). */
@Timeout(60)
class ChronicleQueueInProcessTest {
    private final Path root = ChronicleFixture.freshRoot();
    private final ChronicleQueues queues = new ChronicleQueues(root);

    @AfterEach
    void close() {
        queues.close();
        assertFalse(Files.exists(root), "the queues' directory is left behind");
    }

    @Test
    void fifoSizeAndEmptiness() {
        ChronicleQueueHandle<String> q = queues.create(0, false);
        assertTrue(q.empty());
        assertFalse(q.full());
        assertEquals(0, q.qsize());
        q.put("a");
        q.put("b");
        q.putNowait("c");
        assertEquals(3, q.qsize());
        assertEquals("a", q.get());
        assertEquals(2, q.qsize());
        assertEquals("b", q.getNowait());
        assertEquals("c", q.get(Duration.ofSeconds(1)));
        assertTrue(q.empty());
        assertEquals(0, q.qsize());
        assertEquals(0, q.maxsize());
        q.put(null);
        assertNull(q.get(Duration.ofSeconds(1)));
    }

    @Test
    void getTimesOutWithEmpty() {
        ChronicleQueueHandle<String> q = queues.create(0, false);
        assertThrows(QueueEmptyException.class, q::getNowait);
        long t0 = System.nanoTime();
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(300)));
        long took = System.nanoTime() - t0;
        assertTrue(took >= Duration.ofMillis(290).toNanos(), "returned after " + took / 1_000_000 + " ms");
        assertTrue(took < Duration.ofSeconds(5).toNanos(), "returned after " + took / 1_000_000 + " ms");
        assertThrows(IllegalArgumentException.class, () -> q.get(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> q.put("x", Duration.ofMillis(-1)));
    }

    @Test
    void boundedQueueBlocksWhileFullThenRaisesFull() {
        ChronicleQueueHandle<Integer> q = queues.create(2, false);
        q.put(1);
        q.put(2, Duration.ofSeconds(1));
        assertTrue(q.full());
        assertThrows(QueueFullException.class, () -> q.putNowait(3));
        long t0 = System.nanoTime();
        assertThrows(QueueFullException.class, () -> q.put(3, Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(290).toNanos());
        assertEquals(2, q.qsize());
        assertEquals(1, q.get());
        assertFalse(q.full());
        q.put(3, Duration.ofSeconds(1));
        assertEquals(2, q.get());
        assertEquals(3, q.get());
        assertThrows(IllegalArgumentException.class, () -> queues.create(-1, false));
    }

    @Test
    void joinableQueueCountsTasksInOneProcess() {
        ChronicleQueueHandle<Integer> q = queues.create(0, true);
        q.put(1);
        q.put(2);
        assertFalse(q.join(Duration.ofMillis(50)));
        q.get();
        q.taskDone();
        assertFalse(q.join(Duration.ZERO));
        q.get();
        q.taskDone();
        assertTrue(q.join(Duration.ofSeconds(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(e.getMessage().contains("more times than items were put"), e.getMessage());
        ChronicleQueueHandle<Integer> plain = queues.create(0, false);
        assertThrows(IllegalStateException.class, plain::taskDone);
        assertThrows(IllegalStateException.class, plain::join);
    }

    @Test
    void unserializableItemFailsPutInTheCallerAndTheQueueGoesOn() {
        ChronicleQueueHandle<Object> q = queues.create(0, false);
        q.put("before");
        Object bad = new Object() {
            final Thread t = new Thread(() -> { });
        };
        SerializationException e = assertThrows(SerializationException.class, () -> q.put(bad));
        assertTrue(e.getMessage().contains(bad.getClass().getName()), e.getMessage());
        q.put("after");
        assertEquals(2, q.qsize());
        assertEquals("before", q.get());
        assertEquals("after", q.get());
    }

    @Test
    void anItemThatCannotBeReadFailsItsGetWithItsBytesAndTheNextGetGoesOn() {
        ChronicleQueueHandle<Object> q = queues.create(0, true);
        q.put(new UnreadableItem());
        q.put("next");
        UnreadableItemException e = assertThrows(UnreadableItemException.class, q::get);
        assertTrue(e.getMessage().contains("cannot be deserialized"), e.getMessage());
        assertTrue(e.itemBytes().length > 0);
        assertEquals("next", q.get());
        assertEquals(0, q.qsize());
        q.taskDone();
        assertFalse(q.join(Duration.ZERO), "the unreadable item was taken, not done");
        q.taskDone();
        assertTrue(q.join(Duration.ZERO));
    }

    @Test
    void anItemAboveTheLimitFailsItsPut() {
        try (ChronicleQueues small = new ChronicleQueues(ChronicleFixture.freshRoot(),
                Map.of(ChronicleQueues.MAX_ITEM_BYTES, "1000"))) {
            ChronicleQueueHandle<byte[]> q = small.create(0, false);
            q.put(new byte[900]);
            assertThrows(io.ipc4j.FrameTooLargeException.class, () -> q.put(new byte[2000]));
            assertEquals(900, q.get().length);
            assertEquals(0, q.qsize());
        }
    }

    @Test
    void theContextsFrameLimitBoundsItemsAndTheLargestItemRoundTrips() {
        try (ChronicleQueues framed = new ChronicleQueues(ChronicleFixture.freshRoot(),
                Map.of("ipc4j.maxFrameBytes", String.valueOf(1 << 20)))) {
            ChronicleQueueHandle<byte[]> q = framed.create(0, false);
            assertThrows(io.ipc4j.FrameTooLargeException.class, () -> q.put(new byte[2 << 20]));
            assertEquals(0, q.qsize());
        }
        ChronicleQueueHandle<byte[]> q = queues.create(0, false);
        byte[] big = new byte[(16 << 20) - 64];
        big[big.length - 1] = 7;
        q.put(big);
        q.put(new byte[] {1});
        assertEquals(7, q.get()[big.length - 1]);
        assertEquals(1, q.get()[0]);
        assertThrows(io.ipc4j.FrameTooLargeException.class, () -> q.put(new byte[17 << 20]));
    }

    @Test
    void closedHandleRefusesUseAndTheFilesGoWithTheFactory() {
        ChronicleQueueHandle<Integer> q = queues.create(0, false);
        q.put(1);
        Path dir = q.directory();
        assertTrue(Files.exists(dir.resolve("metadata.cq4t")));
        q.close();
        assertThrows(IllegalStateException.class, () -> q.put(2));
        assertThrows(IllegalStateException.class, q::get);
        queues.close();
        assertFalse(Files.exists(dir));
        assertThrows(IllegalStateException.class, () -> queues.create(0, false));
    }

    @Test
    void unknownRollCycleIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChronicleQueues(root, Map.of(ChronicleQueues.ROLL_CYCLE, "FORTNIGHTLY")));
        assertTrue(e.getMessage().contains("FORTNIGHTLY") && e.getMessage().contains("QUEUE_SECONDLY"), e.getMessage());
    }
}
