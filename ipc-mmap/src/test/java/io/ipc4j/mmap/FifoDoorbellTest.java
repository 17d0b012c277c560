package io.ipc4j.mmap;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Event;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.Lock;
import io.ipc4j.LongValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileInputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The doorbell's FIFOs, on a real context directory and real child JVMs: who listens on
 * which, what a ring writes, and that timeouts, interrupts and a late start still leave
 * every ring heard.
 */
@Timeout(120)
class FifoDoorbellTest {
    /**
     * Below the second a lost ring would cost (a waiter's park lasts that long at most), and far
     * above a wake-up on a loaded machine.
     */
    private static final long HEARD_NANOS = 600_000_000L;

    private Context mp;
    private Path dir;
    private ByteBuffer registry;

    @BeforeEach
    void open() {
        mp = Context.create();
        MmapEvent e = assertInstanceOf(MmapEvent.class, mp.event(), "the context's shared objects are the mmap ones");
        dir = Path.of(e.path).getParent();
        registry = Segments.map(dir.resolve(Doorbell.REGISTRY).toString());
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private void awaitFifosMade() throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while ((long) Mem.LONG.getVolatile(registry, Doorbell.FIFOS_MADE) == 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(1L, (long) Mem.LONG.getVolatile(registry, Doorbell.FIFOS_MADE), "the FIFOs were not made");
    }

    @Test
    void theCoordinatorMakesAFifoASlotAndWaitersInEveryProcessListenOnThem() throws Exception {
        awaitFifosMade();
        for (int i = 0; i < Doorbell.FIFOS; i++) {
            Path f = Doorbell.fifoOf(dir, i);
            assertTrue(FifoEar.isFifo(f), f + " is not a FIFO");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        Event never = mp.event();
        assertFalse(never.waitFor(Duration.ofMillis(20)));
        assertEquals(FifoEar.KIND, Doorbell.of(dir).earKind(), "the coordinator does not listen on its FIFO");

        LongValue kind = mp.longValue(0);
        String d = dir.toString();
        ChildProcess child = mp.process(() -> {
            if (never.waitFor(Duration.ofMillis(50))) { // parks, and so listens
                throw new IllegalStateException("set by nobody");
            }
            kind.set(Doorbell.of(Path.of(d)).earKind());
        }).start();
        assertTrue(child.join(Duration.ofSeconds(60)));
        assertEquals(0, child.exitCode().getAsInt());
        assertEquals(FifoEar.KIND, kind.get(), "the child does not listen on its FIFO");
    }

    /**
     * A ring writes a byte only when none is unread, so a FIFO never fills, even for a
     * process that stopped reading (or died) with its word at 1; its reader's next read
     * that returns bytes lets the next ring write again.
     */
    @Test
    void aRingWritesToAFifoOnlyWhenNoByteIsUnread() throws Exception {
        awaitFifosMade();
        Process peer = new ProcessBuilder("sleep", "60").start();
        int index = 5;
        int slot = Doorbell.slotAt(index);
        try (RandomAccessFile fifo = new RandomAccessFile(Doorbell.fifoOf(dir, index).toFile(), "rw");
             FileInputStream unread = new FileInputStream(fifo.getFD())) {
            Mem.LONG.setVolatile(registry, slot, ProcessToken.of(peer.pid()));
            Mem.LONG.setVolatile(registry, slot + Doorbell.KIND, FifoEar.KIND);
            Mem.LONG.setVolatile(registry, slot + Doorbell.PARKED, 1L);
            Mem.LONG.getAndAdd(registry, Doorbell.IN_USE, Math.max(0L, index + 1 - (long) Mem.LONG.getVolatile(registry, Doorbell.IN_USE)));
            Doorbell bell = Doorbell.of(dir);

            bell.ring();
            assertEquals(1, unread.available());
            for (int i = 0; i < 1000; i++) {
                bell.ring();
            }
            assertEquals(1, unread.available(), "rang although a byte was unread");
            assertEquals(1L, (long) Mem.LONG.getVolatile(registry, slot + Doorbell.RUNG));

            assertEquals(1, unread.read(new byte[8]));
            Mem.LONG.setVolatile(registry, slot + Doorbell.RUNG, 0L); // as the reader does after a read
            bell.ring();
            assertEquals(1, unread.available(), "not rung once its reader read");

            Mem.LONG.setVolatile(registry, slot + Doorbell.PARKED, 0L);
            assertEquals(1, unread.read(new byte[8]));
            Mem.LONG.setVolatile(registry, slot + Doorbell.RUNG, 0L);
            bell.ring();
            assertEquals(0, unread.available(), "rung although none of its threads is parked");
        } finally {
            peer.destroyForcibly();
        }
    }

    /** A read has no timeout of its own: the timer thread ends it when the wait's time is up. */
    @Test
    void timedWaitsOnTheFifoEndOnTime() throws Exception {
        awaitFifosMade();
        Event never = mp.event();
        for (long millis : new long[] {2, 30, 300, 1500}) {
            long t0 = System.nanoTime();
            assertFalse(never.waitFor(Duration.ofMillis(millis)));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(took >= millis && took < millis + 2000, "a wait of " + millis + " ms took " + took + " ms");
        }
        assertEquals(FifoEar.KIND, Doorbell.of(dir).earKind());
    }

    /**
     * A ringer killed between turning the rung word to 1 and writing its byte leaves the
     * word at 1 and the FIFO empty, so no ring writes: the timer's ring, which does not look
     * at the word, still ends a timed wait on time, and its read turns the word back.
     */
    @Test
    void aRingerKilledBeforeItsWriteLeavesNoWaitHangingAndRingsWorkAfterwards() throws Exception {
        awaitFifosMade();
        Event never = mp.event();
        assertFalse(never.waitFor(Duration.ofMillis(20)));
        Doorbell bell = Doorbell.of(dir);
        assertEquals(FifoEar.KIND, bell.earKind());
        Mem.LONG.setVolatile(registry, bell.ownSlot() + Doorbell.RUNG, 1L);
        long t0 = System.nanoTime();
        assertFalse(never.waitFor(Duration.ofMillis(300)));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(took < 2300, "a wait of 300 ms took " + took + " ms");
        assertRingsAreHeard();
    }

    /**
     * An interrupt closes the reader's FIFO channel (FileChannel reads are interruptible):
     * the waiter throws at once, and the next reader opens the FIFO again and hears the
     * next ring at once.
     */
    @Test
    void anInterruptedReaderThrowsAndTheNextWaitOnTheFifoIsStillRung() throws Exception {
        awaitFifosMade();
        Event never = mp.event();
        for (int round = 0; round < 3; round++) {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                try {
                    never.waitFor();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, r -> new Thread(r, "fifo-waiter").start());
            Thread.sleep(200);
            waiter.get().interrupt();
            assertInstanceOf(IpcInterruptedException.class, thrown.get(10, TimeUnit.SECONDS));
        }
        assertEquals(FifoEar.KIND, Doorbell.of(dir).earKind());
        assertRingsAreHeard();
    }

    /**
     * A thread interrupted without pause while it sets an event another process waits on
     * still wakes that process every time, and the waiter in this process (woken by the
     * other's answer) is neither lost nor stuck. An interrupt in the middle of a write to a
     * FileChannel closes it for every thread of the process: the rings once went through
     * one, and a storm like this one left the coordinator's reader blocked for good.
     */
    @Test
    void aSetterUnderAnInterruptStormStillWakesTheOtherProcessEveryTime() throws Exception {
        awaitFifosMade();
        int rounds = 300;
        Event ping = mp.event();
        Event pong = mp.event();
        Event up = mp.event();
        ChildProcess child = mp.process(() -> {
            up.set();
            for (int i = 0; i < rounds; i++) {
                if (!ping.waitFor(Duration.ofSeconds(30))) {
                    throw new IllegalStateException("round " + i + " never set");
                }
                ping.clear();
                pong.set();
            }
        }).start();
        assertTrue(up.waitFor(Duration.ofSeconds(60)));
        AtomicInteger go = new AtomicInteger(-1);
        AtomicLong setAt = new AtomicLong();
        AtomicBoolean storm = new AtomicBoolean(true);
        Thread setter = new Thread(() -> {
            for (int i = 0; i < rounds && storm.get(); i++) {
                while (go.get() < i && storm.get()) {
                    Thread.onSpinWait();
                }
                long until = System.nanoTime() + 1_000_000 + (i % 4) * 500_000L; // the child parks meanwhile
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                setAt.set(System.nanoTime());
                ping.set();
            }
        }, "setter");
        Thread interrupter = new Thread(() -> {
            while (storm.get()) {
                setter.interrupt();
                Thread.yield(); // back to back, without holding a core the waiter needs
            }
        }, "interrupter");
        setter.start();
        interrupter.start();
        List<String> slow = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                go.set(i);
                assertTrue(pong.waitFor(Duration.ofSeconds(10)), "round " + i + ": no answer within 10 s");
                long late = System.nanoTime() - setAt.get();
                pong.clear();
                if (late > HEARD_NANOS) {
                    slow.add(i + ": " + late / 1_000_000 + " ms");
                }
            }
        } finally {
            storm.set(false);
            interrupter.join(10_000);
            setter.join(10_000);
        }
        assertTrue(child.join(Duration.ofSeconds(60)));
        assertEquals(0, child.exitCode().getAsInt());
        assertEquals(List.of(), slow, "rounds that took a lost ring's time");
    }

    /**
     * A process that starts listening before the FIFOs are made listens on its socket,
     * and moves to its FIFO at a later wait, without missing a ring on the way; where
     * they cannot be made, it stays on the socket.
     */
    @Test
    void aWaiterThatCameBeforeTheFifosListensOnASocketAndMovesToItsFifoLater() throws Exception {
        awaitFifosMade();
        Doorbell bell = Doorbell.of(dir);
        assertEquals(0, bell.earKind(), "this context's coordinator waited already");
        Mem.LONG.setVolatile(registry, Doorbell.FIFOS_MADE, 0L);
        assertRingsAreHeard();
        assertEquals(SocketEar.KIND, bell.earKind());
        assertTrue(Files.exists(SocketEar.socketOf(dir, ProcessHandle.current().pid())));

        Mem.LONG.setVolatile(registry, Doorbell.FIFOS_MADE, 1L);
        assertRingsAreHeard();
        assertEquals(FifoEar.KIND, bell.earKind(), "did not move to its FIFO");
    }

    @Test
    void whereNoFifoCouldBeMadeEveryProcessListensOnASocket() throws Exception {
        awaitFifosMade();
        Mem.LONG.setVolatile(registry, Doorbell.FIFOS_MADE, -1L);
        assertRingsAreHeard();
        assertEquals(SocketEar.KIND, Doorbell.of(dir).earKind());

        Event ping = mp.event();
        Event pong = mp.event();
        Event up = mp.event();
        LongValue kind = mp.longValue(0);
        LongValue pinged = mp.longValue(0);
        LongValue ponged = mp.longValue(0);
        String d = dir.toString();
        ChildProcess child = mp.process(() -> {
            up.set();
            for (int i = 0; i < 20; i++) {
                if (!ping.waitFor(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("never set");
                }
                pinged.set(System.nanoTime());
                ping.clear();
                ponged.set(System.nanoTime());
                pong.set();
            }
            kind.set(Doorbell.of(Path.of(d)).earKind());
        }).start();
        assertTrue(up.waitFor(Duration.ofSeconds(60)), "the child did not start");
        for (int i = 0; i < 20; i++) {
            Thread.sleep(5);
            long t0 = System.nanoTime();
            ping.set();
            assertTrue(pong.waitFor(Duration.ofSeconds(60)));
            long heard = System.nanoTime();
            pong.clear();
            // each wake-up on its own: a lost ring costs the rest of a park of a second
            assertTrue(pinged.get() - t0 < HEARD_NANOS, "round " + i + ": the child heard the ping late");
            assertTrue(heard - ponged.get() < HEARD_NANOS, "round " + i + ": the pong was heard late");
        }
        assertTrue(child.join(Duration.ofSeconds(60)));
        assertEquals(0, child.exitCode().getAsInt());
        assertEquals(SocketEar.KIND, kind.get());
    }

    /**
     * The coordinator waits while a child sets the event a while later, a few times: each
     * time it must wake long before the second its park would last without the ring (a
     * lost ring would show as a wake-up anywhere in that second).
     */
    private void assertRingsAreHeard() {
        int rounds = 5;
        Event go = mp.event();
        Event seen = mp.event();
        LongValue setAt = mp.longValue(0);
        ChildProcess setter = mp.process(() -> {
            for (int i = 0; i < rounds; i++) {
                Thread.sleep(150);
                setAt.set(System.nanoTime());
                go.set();
                if (!seen.waitFor(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not seen");
                }
                seen.clear();
            }
        }).start();
        for (int i = 0; i < rounds; i++) {
            assertTrue(go.waitFor(Duration.ofSeconds(60)), "never set");
            long late = System.nanoTime() - setAt.get();
            go.clear();
            seen.set();
            assertTrue(late < HEARD_NANOS, "round " + i + ": woke " + late / 1_000_000
                    + " ms after the set: the ring went unheard");
        }
        assertTrue(setter.join(Duration.ofSeconds(60)));
        assertEquals(0, setter.exitCode().getAsInt());
    }

    /**
     * Closing the context ends the waits on its objects in this process: none could be
     * rung any more, and an untimed one would otherwise wait for good.
     */
    @Test
    void closingTheContextEndsTheWaitsOnItsObjects() throws Exception {
        awaitFifosMade();
        Event never = mp.event();
        Lock held = mp.lock();
        held.acquire();
        List<CompletableFuture<Throwable>> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int kind = i;
            waits.add(CompletableFuture.supplyAsync(() -> {
                try {
                    switch (kind) {
                        case 0 -> never.waitFor();
                        case 1 -> never.waitFor(Duration.ofSeconds(500));
                        default -> held.acquire(Duration.ofSeconds(500));
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, r -> new Thread(r, "waiter-" + kind).start()));
        }
        Thread.sleep(500); // all three parked
        mp.close();
        for (CompletableFuture<Throwable> w : waits) {
            assertInstanceOf(IllegalStateException.class, w.get(10, TimeUnit.SECONDS));
        }
    }
}
