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
