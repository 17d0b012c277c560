package io.ipc4j;

import io.ipc4j.internal.wire.ObjectCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Values and locks come from a few shared arenas, not a file and a mapping each: a
 * context holds 100,000 of them, dropped ones are freed and their space reused.
 */
@Timeout(300)
class SharedArenaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    static int mappings() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The segment files (the doorbell's FIFOs are not counted). */
    private int files() {
        try (Stream<Path> s = Files.list(ShmDirs.of(mp))) {
            return (int) s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String listing() {
        try (Stream<Path> s = Files.list(ShmDirs.of(mp))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Collects garbage until {@code figure} is at most {@code bound} (the cleaner frees after a collection), or 20 s. */
    private static int settle(IntSupplier figure, int bound) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int now = figure.getAsInt();
        while (now > bound && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            now = figure.getAsInt();
        }
        return now;
    }

    @Test
    void aContextHoldsFiftyThousandValuesAndFiftyThousandLocksAndAChildUsesSome() {
        int mapsBefore = mappings();
        int n = 50_000;
        List<IntValue> values = new ArrayList<>(n);
        List<Lock> locks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(mp.intValue(i));
            locks.add(mp.lock());
        }
        assertTrue(files() < 32, files() + " files for 100,000 objects");
        assertTrue(mappings() - mapsBefore < 64, (mappings() - mapsBefore) + " new mappings for 100,000 objects");

        IntValue first = values.get(0);
        IntValue last = values.get(n - 1);
        Lock firstLock = locks.get(0);
        Lock lastLock = locks.get(n - 1);
        Lock middleLock = locks.get(n / 2);
        firstLock.acquire();
        ChildProcess p = mp.process(() -> {
            for (int i = 0; i < 1000; i++) {
                try (Held h = last.lock().acquire()) {
                    last.set(last.get() + 1);
                }
            }
            first.getAndAdd(5);
            middleLock.acquire();
            firstLock.release();
        }).start();
        try (Held h = lastLock.acquire(WAIT); Held again = firstLock.acquire(WAIT)) {
            assertFalse(h.tookOverFromDeadOwner());
        }
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().orElseThrow());
        assertEquals(n - 1 + 1000, last.get());
        assertEquals(5, first.get());
        assertTrue(middleLock.isLocked(), "the child's acquire did not reach the coordinator's lock");
        for (int i = 1; i < n - 1; i++) {
            assertEquals(i, values.get(i).get(), "value " + i);
            assertEquals(i == n / 2, locks.get(i).isLocked(), "lock " + i);
        }
    }

    @Test
    void valuesAndLocksMadeAndDroppedInALoopAreFreedAndTheirSpaceReused() throws InterruptedException {
        int warmFiles = 0;
        int warmMaps = 0;
        for (int round = 0; round < 14; round++) {
            for (int i = 0; i < 3000; i++) {
                mp.intValue(i).getAndAdd(1);
                mp.lock().acquire().close();
                mp.rLock();
                mp.event().set();
                mp.longArray(20).set(3, 7);
                mp.semaphore(2);
                mp.condition();
                if (i % 1000 == 0) {
                    mp.byteArray(300_000); // above the arena threshold: a file of its own
                }
            }
            if (round == 5) { // past the 32 MiB mapped before the heap asks for a collection
                System.gc();
                Thread.sleep(200);
                warmFiles = files();
                warmMaps = mappings();
            }
        }
        // Up to 32 arenas (32 MiB) are mapped before the heap asks for a collection, and
        // blocks the cleaner has not reached yet then count as in use: allow twice that. Not
        // freeing would need an arena per 1 MiB made, over a hundred here.
        int filesBound = 2 * Math.max(warmFiles, 34);
        int files = settle(this::files, filesBound);
        assertTrue(files <= filesBound, files + " files at the end, " + warmFiles + " after warm-up: " + listing());
        int mapsBound = warmMaps + filesBound - warmFiles + 16;
        int maps = settle(SharedArenaTest::mappings, mapsBound);
        assertTrue(maps <= mapsBound, maps + " mappings at the end, " + warmMaps + " after warm-up");
    }

    @Test
    void aCopyReadBackInTheCoordinatorKeepsTheBlockAfterTheOriginalIsDropped() throws InterruptedException {
        IntValue original = mp.intValue(7);
        IntValue copy = (IntValue) ObjectCodec.fromBytes(ObjectCodec.toBytes(original));
        WeakReference<IntValue> gone = new WeakReference<>(original);
        original = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gone.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(gone.get(), "the original handle was not collected");
        System.gc();
        Thread.sleep(300); // time for the cleaner; a freed block would be the first one reused below
        List<IntValue> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fresh.add(mp.intValue(-1));
        }
        assertEquals(7, copy.get(), "the block of a live copy was given to another value");
        assertEquals(8, copy.addAndGet(1));
        for (IntValue v : fresh) {
            assertEquals(-1, v.get());
        }
    }

    private ChildProcess startAdder(IntValue value, Event go, Queue<Integer> result) {
        return mp.process(() -> {
            go.waitFor();
            result.put(value.addAndGet(1000));
        }).start();
    }

    @Test
    void aValueCapturedByAStartedChildOutlivesTheCoordinatorsOwnReference() throws InterruptedException {
        IntValue value = mp.intValue(7);
        Event go = mp.event();
        Queue<Integer> result = mp.queue();
        ChildProcess p = startAdder(value, go, result);
        WeakReference<IntValue> mine = new WeakReference<>(value);
        value = null;
        System.gc();
        Thread.sleep(300);
        List<IntValue> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fresh.add(mp.intValue(-1));
        }
        go.set();
        assertEquals(1007, result.get(WAIT));
        assertTrue(p.join(WAIT));
        assertNotNull(mine.get(), "the started child's target should hold the value");
        for (IntValue v : fresh) {
            assertEquals(-1, v.get());
        }
    }
    @Test
    void whatTheTargetOfAnExitedChildCapturedIsFreed() throws InterruptedException {
        List<WeakReference<IntValue>> captured = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            IntValue v = mp.intValue(i);
            captured.add(new WeakReference<>(v));
            ChildProcess p = mp.process(() -> v.addAndGet(1)).start();
            assertTrue(p.join(WAIT));
            assertEquals(i + 1, v.get());
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (captured.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        for (WeakReference<IntValue> r : captured) {
            assertNull(r.get(), "a value captured by an exited child's target is still held");
        }
    }
}
