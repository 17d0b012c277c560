package io.ipc4j.mmap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shm channel's ring over a real mapped file, with the producer and the consumer on
 * separate mappings of it (as two processes have): records that wrap, that fill the ring
 * exactly to its end, that are at its record limit, and a long run of records of every
 * size between two threads.
 */
@Timeout(60)
class SpscRingTest {
    private static final int CAPACITY = 1024;
    private static final int BASE = 64;

    private Path file;
    private SpscRing producer;
    private SpscRing consumer;
    private ByteBuffer producerMap;
    private ByteBuffer consumerMap;

    @BeforeEach
    void map() throws Exception {
        file = Files.createTempFile(Path.of("/dev/shm"), "ring-test-", "");
        int size = BASE + SpscRing.regionBytes(CAPACITY);
        producerMap = Segments.mapFile(file, size);
        consumerMap = Segments.mapFile(file, size);
        producer = new SpscRing(producerMap, BASE, CAPACITY);
        consumer = new SpscRing(consumerMap, BASE, CAPACITY);
    }

    @AfterEach
    void delete() throws Exception {
        Files.deleteIfExists(file);
    }

    private boolean write(int type, byte[] payload) {
        int at = producer.claim(type, payload.length);
        if (at < 0) {
            return false;
        }
        producerMap.put(at, payload, 0, payload.length);
        producer.commit();
        return true;
    }

    private byte[] read(int expectedType) {
        assertTrue(consumer.next(), "the ring is empty");
        assertEquals(expectedType, consumer.type());
        byte[] b = new byte[consumer.length()];
        consumerMap.get(consumer.payloadAt(), b, 0, b.length);
        consumer.release();
        return b;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void recordsWrapPastTheEndWithAPaddingRecordAndComeOutWholeAndInOrder() {
        // 120 payload bytes + 8 of header = 128: seven records leave 128 bytes before the end
        for (int i = 0; i < 7; i++) {
            assertTrue(write(1, bytes(120, i)));
            assertArrayEquals(bytes(120, i), read(1));
        }
        // 100 bytes (+8 = 112) fit before the end; 124 after it (+8 = 136) do not, and go to offset 0
        assertTrue(write(2, bytes(100, 7)));
        assertTrue(write(3, bytes(124, 8)));
        assertArrayEquals(bytes(100, 7), read(2));
        assertArrayEquals(bytes(124, 8), read(3));
        assertFalse(consumer.next());
        assertTrue(consumer.isEmpty());
    }

    @Test
    void aRecordThatEndsExactlyAtTheEndOfTheRingNeedsNoPadding() {
        // seven records of 128 bytes, then one of exactly the 128 left: the next starts at 0
        for (int i = 0; i < 7; i++) {
            assertTrue(write(1, bytes(120, i)));
            read(1);
        }
        assertTrue(write(4, bytes(120, 40)));
        assertTrue(write(5, bytes(CAPACITY / 8, 41)));
        assertArrayEquals(bytes(120, 40), read(4));
        assertTrue(consumer.next());
        assertEquals(BASE + SpscRing.HEADER_BYTES + 8, consumer.payloadAt(), "the next record starts the ring again");
        assertArrayEquals(bytes(CAPACITY / 8, 41), read(5));
        assertFalse(consumer.next());
    }

    @Test
    void aFullRingRefusesUntilTheConsumerReleasesAndOversizedRecordsAreRefusedAtOnce() {
        assertEquals(CAPACITY / 8, producer.maxPayload());
        assertThrows(IllegalArgumentException.class, () -> producer.claim(1, CAPACITY / 8 + 1));
        int n = 0;
        while (write(1, bytes(CAPACITY / 8, n))) {
            n++;
        }
        assertTrue(n >= 7, "a ring of " + CAPACITY + " took only " + n + " records at its limit");
        assertFalse(write(1, bytes(CAPACITY / 8, n)), "a full ring took one more");
        assertArrayEquals(bytes(CAPACITY / 8, 0), read(1));
        assertTrue(write(1, bytes(CAPACITY / 8, n)), "a released record's room was not given back");
        for (int i = 1; i <= n; i++) {
            assertArrayEquals(bytes(CAPACITY / 8, i), read(1));
        }
        assertFalse(consumer.next());
    }

    @Test
    void aWriterThatDiedBeforeItsCommitLeavesNothingVisible() {
        int at = producer.claim(1, 16);
        producerMap.put(at, bytes(16, 1), 0, 16); // and then the writer is killed: no commit
        assertFalse(consumer.next());
        assertTrue(consumer.isEmpty());
    }

    /** Every size from empty to the record limit, many times round the ring, between two threads. */
    @Test
    void aLongRunOfRecordsOfEverySizeBetweenTwoThreadsArrivesIntact() throws Exception {
        int records = 100_000;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            Random r = new Random(1);
            byte[] b = new byte[CAPACITY / 8];
            for (int i = 0; i < records; i++) {
                int n = r.nextInt(CAPACITY / 8 + 1);
                Arrays.fill(b, 0, n, (byte) i);
                int at;
                while ((at = producer.claim(1 + (i & 0xFF), n)) < 0) {
                    Thread.onSpinWait();
                }
                producerMap.put(at, b, 0, n);
                producer.commit();
            }
        });
        Random r = new Random(1);
        for (int i = 0; i < records; i++) {
            int n = r.nextInt(CAPACITY / 8 + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!consumer.next()) {
                assertTrue(System.nanoTime() < deadline, "record " + i + " did not come");
                Thread.onSpinWait();
            }
            assertEquals(1 + (i & 0xFF), consumer.type(), "record " + i);
            assertEquals(n, consumer.length(), "record " + i);
            for (int k = 0; k < n; k++) {
                if (consumerMap.get(consumer.payloadAt() + k) != (byte) i) {
                    fail("record " + i + " byte " + k);
                }
            }
            consumer.release();
        }
        writer.get(20, TimeUnit.SECONDS);
        assertFalse(consumer.next());
    }
}
