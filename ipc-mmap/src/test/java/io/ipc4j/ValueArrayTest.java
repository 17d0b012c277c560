package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Values, arrays and named shared memory, in one process and across child JVMs. */
@Timeout(120)
class ValueArrayTest extends SharedSuite {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void valuesReadWriteAndAtomics() {
        IntValue i = mp.intValue(200);
        assertEquals(200, i.get());
        i.set(7);
        assertEquals(7, i.getAndAdd(3));
        assertEquals(12, i.addAndGet(2));
        assertTrue(i.compareAndSet(12, 1));
        assertFalse(i.compareAndSet(12, 2));
        assertEquals(1, i.get());

        LongValue l = mp.longValue(Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE, l.addAndGet(1));
        assertTrue(l.compareAndSet(Long.MAX_VALUE, -5));
        assertEquals(-5, l.getAndAdd(5));
        assertEquals(0, l.get());

        DoubleValue d = mp.doubleValue(1.5);
        assertEquals(1.5, d.get());
        assertEquals(2.0, d.addAndGet(0.5));
        assertTrue(d.compareAndSet(2.0, 3.25));
        assertEquals(3.25, d.get());
    }

    @Test
    void arraysAreZeroFilledSliceableAndCheckTheirBounds() {
        IntArray a = mp.intArray(4);
        assertArrayEquals(new int[4], a.toArray());
        a.set(1, new int[] {5, 6});
        assertArrayEquals(new int[] {0, 5, 6, 0}, a.toArray());
        assertArrayEquals(new int[] {5, 6}, a.get(1, 3));
        assertEquals(6, a.getAndAdd(2, 1));
        assertEquals(9, a.addAndGet(2, 2));
        assertTrue(a.compareAndSet(0, 0, 42));
        assertEquals(42, a.get(0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(4));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("length 4"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(3, new int[] {1, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 5));

        LongArray l = mp.longArray(new long[] {1, 2, 3});
        assertEquals(3, l.length());
        assertEquals(5, l.addAndGet(2, 2));
        assertArrayEquals(new long[] {1, 2, 5}, l.toArray());

        DoubleArray d = mp.doubleArray(new double[] {0.5, 1.5});
        d.set(1, 2.5);
        assertArrayEquals(new double[] {0.5, 2.5}, d.toArray());
        assertArrayEquals(new double[2], mp.doubleArray(2).toArray());

        ByteArray b = mp.byteArray("hello".getBytes());
        b.set(0, (byte) 'j');
        assertEquals("jello", new String(b.toArray()));
        assertEquals(3, mp.byteArray(3).length());
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(5));
    }

    @Test
    void eachValueHasItsOwnLockUnlessOneIsGiven() {
        IntValue a = mp.intValue(0);
        IntValue b = mp.intValue(0);
        assertNotSame(a.lock(), b.lock());
        try (Held held = a.lock().acquire()) {
            assertTrue(a.lock().isLocked());
            assertFalse(b.lock().isLocked());
            assertFalse(held.tookOverFromDeadOwner());
        }
        assertFalse(a.lock().isLocked());
        Lock shared = mp.lock();
        IntValue c = mp.intValue(1, shared);
        IntArray d = mp.intArray(new int[] {1}, shared);
        assertSame(shared, c.lock());
        assertSame(shared, d.lock());
        List<Lock> given = List.of(mp.longValue(1, shared).lock(), mp.doubleValue(1, shared).lock(),
                mp.longArray(new long[] {1}, shared).lock(), mp.doubleArray(new double[] {1}, shared).lock(),
                mp.byteArray(new byte[] {1}, shared).lock());
        given.forEach(l -> assertSame(shared, l));
        try (Held held = shared.acquire()) {
            assertTrue(mp.longArray(new long[] {2}, shared).lock().isLocked(), "one lock, seen through every handle");
        }
    }

    @Test
    void aChildAttachesToSharedMemoryByNameAlone() {
        assumeMmap();
        SharedMemory block = mp.sharedMemory("by-name", 16);
        block.buffer().put(0, (byte) 41);
        ChildProcess p = mp.process(() -> {
            java.nio.ByteBuffer b = SharedMemory.attach("by-name").buffer();
            b.put(1, (byte) (b.get(0) + 1));
            try {
                SharedMemory.attach("no-such-block");
                throw new AssertionError("attached to a block that does not exist");
            } catch (IllegalArgumentException expected) {
                // named in the message
            }
        }).start();
        assertTrue(p.join(Duration.ofSeconds(60)));
        assertEquals(0, p.exitCode().orElseThrow());
        assertEquals(42, block.buffer().get(1));
        assertThrows(IllegalStateException.class, () -> SharedMemory.attach("by-name"), "not in a child");
    }

    @Test
    void aLockGivenAtCreationIsSharedWithChildren() {
        Lock shared = mp.lock();
        LongValue total = mp.longValue(0, shared);
        ByteArray flags = mp.byteArray(new byte[2], shared);
        ChildProcess p = mp.process((LongValue t, ByteArray f) -> {
            try (Held h = f.lock().acquire()) {
                t.set(t.get() + 40);
                f.set(0, (byte) 1);
            }
        }, total, flags).start();
        assertTrue(p.join(java.time.Duration.ofSeconds(60)));
        assertEquals(0, p.exitCode().orElseThrow());
        try (Held h = total.lock().acquire()) {
            assertEquals(40, total.get());
            assertEquals(1, flags.get(0));
        }
    }

    @Test
    void lockedIncrementsFromTwoChildrenAreNeverLost() {
        IntValue balance = mp.intValue(200);
        int n = onManager() ? 500 : 20_000; // four round trips an increment on a manager
        List<ChildProcess> children = Stream.of(1, -1, 1).map(sign -> mp.process(() -> {
            for (int k = 0; k < n; k++) {
                try (Held h = balance.lock().acquire()) {
                    balance.set(balance.get() + sign);
                }
            }
        }).start()).toList();
        for (ChildProcess c : children) {
            assertTrue(c.join(WAIT));
            assertEquals(0, c.exitCode().getAsInt());
        }
        assertEquals(200 + n, balance.get());
    }

    @Test
    void childrenSeeAndChangeArraysAndValues() {
        IntArray arr = mp.intArray(new int[] {1, 2, 3, 4});
        DoubleValue result = mp.doubleValue(0);
        ChildProcess p = mp.process(() -> {
            for (int k = 0; k < arr.length(); k++) {
                arr.set(k, arr.get(k) * arr.get(k));
            }
            result.set(3.14);
        }).start();
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().getAsInt());
        assertArrayEquals(new int[] {1, 4, 9, 16}, arr.toArray());
        assertEquals(3.14, result.get());
    }

    @Test
    void namedSharedMemoryIsAttachedByNameAndSharedWithChildren() {
        assumeMmap();
        SharedMemory shm = mp.sharedMemory("blk", 100);
        assertEquals("blk", shm.name());
        assertEquals(100, shm.size());
        ByteBuffer buf = shm.buffer();
        assertEquals(100, buf.remaining());
        buf.putInt(0, 12345);
        SharedMemory again = mp.attachSharedMemory("blk");
        assertEquals(12345, again.buffer().getInt(0));
        assertEquals(100, again.size());
        assertThrows(IllegalArgumentException.class, () -> mp.sharedMemory("blk", 10));
        assertThrows(IllegalArgumentException.class, () -> mp.attachSharedMemory("none"));
        assertThrows(IllegalArgumentException.class, () -> mp.sharedMemory("../x", 10));
        assertEquals(3, mp.attachSharedMemory(mp.sharedMemory("tiny", 3).name()).buffer().capacity());
        ChildProcess p = mp.process((SharedMemory m) -> m.buffer().put(99, (byte) 7), shm).start();
        assertTrue(p.join(WAIT));
        assertEquals(7, shm.buffer().get(99));
    }

    static void attachEachAsSoonAsItExists(int count, int size) {
        for (int i = 0; i < count; i++) {
            while (true) {
                try {
                    SharedMemory m = SharedMemory.attach("race" + i);
                    if (m.size() != size || m.buffer().get(size - 1) != 0) {
                        System.exit(3);
                    }
                    break;
                } catch (IllegalArgumentException notYet) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void aChildAttachingWhileTheBlockIsMadeSeesItWhole() {
        assumeMmap();
        int count = 300;
        int size = 1 << 20;
        ChildProcess child = mp.process(() -> attachEachAsSoonAsItExists(count, size)).start();
        for (int i = 0; i < count; i++) {
            mp.sharedMemory("race" + i, size);
        }
        assertTrue(child.join(WAIT), "the child attached every block");
        assertEquals(java.util.OptionalInt.of(0), child.exitCode(), "the child never saw a block smaller than made");
    }

    @Test
    void unlinkedSharedMemoryCannotBeAttachedButViewsStillWork() {
        assumeMmap();
        SharedMemory shm = mp.sharedMemory("gone", 64);
        java.nio.ByteBuffer view = shm.buffer();
        view.putLong(0, 42);
        shm.unlink();
        assertFalse(Files.exists(ShmDirs.of(mp).resolve("shm-gone")), "the file is deleted");
        assertThrows(IllegalArgumentException.class, () -> mp.attachSharedMemory("gone"));
        assertEquals(42, view.getLong(0));
        view.putLong(8, 7);
        assertEquals(7, view.getLong(8));
        shm.unlink();
        assertEquals(64, mp.sharedMemory("gone", 64).size(), "the name can be used again");
    }

    @Test
    void segmentsArePrivateAndRemovedOnClose() throws Exception {
        assumeMmap();
        Path dir = ShmDirs.of(mp);
        mp.intValue(1);
        mp.sharedMemory("x", 8);
        assertTrue(Files.isDirectory(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
        mp.close();
        assertFalse(Files.exists(dir), dir + " left behind");
        assertThrows(IllegalStateException.class, () -> mp.intValue(1));
    }

    @Test
    void segmentsAreRemovedWhenTheContextExitsThroughAnException() {
        assumeMmap();
        Path[] dir = new Path[1];
        assertThrows(IllegalStateException.class, () -> {
            try (Context other = context(java.util.Map.of())) {
                dir[0] = ShmDirs.of(other);
                other.intArray(10).set(0, 1);
                throw new IllegalStateException("boom");
            }
        });
        assertFalse(Files.exists(dir[0]), dir[0] + " left behind");
    }
}
