package io.ipc4j.chronicle;

import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

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

    @Test
    void aQueueThatCannotBeMadeForWantOfFilesLeavesNothingOfItBehind() throws Exception {
        Path mount = Files.createTempDirectory("ipc4j-few-inodes");
        boolean mounted = false;
        try {
            mounted = run("mount", "-t", "tmpfs", "-o", "size=8m,nr_inodes=1000", "tmpfs", mount.toString()) != null;
            Assumptions.assumeTrue(mounted, "needs root to mount a small tmpfs");
            Path tightRoot = mount.resolve("queues");
            try (ChronicleQueues tight = new ChronicleQueues(tightRoot)) {
                ChronicleQueueHandle<Integer> first = tight.create(0, false);
                first.put(7);
                long before = inodesUsed(mount);
                ChronicleQueueHandle<Integer> second = tight.create(0, false);
                long perQueue = inodesUsed(mount) - before;
                assertTrue(perQueue >= 3, "a queue takes " + perQueue + " files");
                // a file system that runs out of files at each step of making the next queue in turn
                long used = inodesUsed(mount);
                for (long room = 1; room < perQueue; room++) {
                    assertNotNull(run("mount", "-o", "remount,nr_inodes=" + (used + room), mount.toString()));
                    long withRoom = room;
                    RuntimeException e = assertThrows(RuntimeException.class, () -> tight.create(0, false),
                            "a queue was made in " + withRoom + " of the " + perQueue + " files it takes");
                    try (Stream<Path> dirs = Files.list(tightRoot)) {
                        assertEquals(2, dirs.count(), "the queue that failed with " + e + " left its directory");
                    }
                    assertEquals(used, inodesUsed(mount), "the queue that failed with " + e + " left files");
                    assertEquals(2, tight.liveQueues());
                }
                assertNotNull(run("mount", "-o", "remount,nr_inodes=1000", mount.toString()));
                assertEquals(7, first.get());
                second.put(8);
                assertEquals(8, second.get());
                ChronicleQueueHandle<Integer> third = tight.create(0, false);
                third.put(9);
                assertEquals(3, tight.liveQueues());
                assertEquals(9, third.get());
            }
            assertFalse(Files.exists(tightRoot), "the queues' directory is left behind");
        } finally {
            // lazily: the queues' files may still be mapped until their buffers are collected
            if (!mounted || run("umount", "-l", mount.toString()) != null) {
                Files.deleteIfExists(mount);
            }
        }
    }

    @Test
    void aCreateRacingCloseLeavesNoFilesBehind() throws Exception {
        Random random = new Random();
        for (int round = 0; round < 30; round++) {
            Path racedRoot = ChronicleFixture.freshRoot();
            ChronicleQueues raced = new ChronicleQueues(racedRoot);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread creator = new Thread(() -> {
                try {
                    while (true) {
                        raced.create(0, false);
                    }
                } catch (IllegalStateException closed) {
                    // lost the race to close(), as it should
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            creator.start();
            Thread.sleep(random.nextInt(4));
            raced.close();
            creator.join(30_000);
            assertFalse(creator.isAlive(), "create went on after close");
            assertNull(failed.get(), "round " + round + ": " + failed.get());
            assertFalse(Files.exists(racedRoot), "round " + round + ": a queue made while closing was left behind");
        }
    }

    private static long inodesUsed(Path mount) throws Exception {
        String[] totalAndFree = run("stat", "-f", "-c", "%c %d", mount.toString()).trim().split(" ");
        return Long.parseLong(totalAndFree[0]) - Long.parseLong(totalAndFree[1]);
    }

    /** What {@code command} printed, or null when it failed. */
    private static String run(String... command) throws Exception {
        Path out = Files.createTempFile("ipc4j-command", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out) : null;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
