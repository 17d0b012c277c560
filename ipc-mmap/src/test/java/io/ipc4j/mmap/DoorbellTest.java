package io.ipc4j.mmap;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The doorbell's own workings, on a real context directory, registry segment and Unix
 * sockets: whom a ring reaches, and how often an idle waiter wakes.
 */
@Timeout(60)
class DoorbellTest {
    private Context mp;
    private MmapEvent event;
    private Path dir;

    @BeforeEach
    void open() {
        mp = Context.create();
        Event e = mp.event();
        event = assertInstanceOf(MmapEvent.class, e, "the context's shared objects are the mmap ones");
        dir = Path.of(event.path).getParent();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    /**
     * A ring writes to the processes with a thread parked on the doorbell, and to no other:
     * a process that once waited and now runs would find the bytes at its next wait, and
     * wake for nothing.
     */
    @Test
    void aRingReachesOnlyListedProcessesWithAThreadParked() throws Exception {
        Process peer = new ProcessBuilder("sleep", "60").start();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Selector sel = Selector.open()) {
            server.bind(UnixDomainSocketAddress.of(dir.resolve("bell-" + peer.pid())));
            server.configureBlocking(false);
            server.register(sel, SelectionKey.OP_ACCEPT);
            ByteBuffer registry = Segments.map(dir.resolve(Doorbell.REGISTRY).toString());
            int slot = Doorbell.slotAt(3); // beyond slots no process took: a ring must look that far
            Mem.LONG.setVolatile(registry, slot, ProcessToken.of(peer.pid()));
            Mem.LONG.setVolatile(registry, slot + Doorbell.KIND, SocketEar.KIND);
            Mem.LONG.setVolatile(registry, Doorbell.IN_USE, 4L);
            Doorbell bell = Doorbell.of(dir);

            bell.ring();
            assertEquals(0, sel.select(300), "rung although none of its threads is parked");

            Mem.LONG.setVolatile(registry, slot + Doorbell.PARKED, 1L);
            bell.ring();
            assertEquals(1, sel.select(10_000), "not rung with a thread parked");
            try (SocketChannel c = server.accept()) {
                assertNotNull(c);
                assertEquals(1, c.read(ByteBuffer.allocate(8)));
            }
        } finally {
            peer.destroyForcibly();
        }
    }

    /**
     * An Event's waiter, whose ring cannot be missed, parks once for the rest of its wait
     * (in slices of a second) instead of waking every few milliseconds to look again;
     * here, counted by how often it looks at what it waits for.
     */
    @Test
    void anIdleEventWaiterLooksAgainOnlyWhenRungOrWhenItsTimeIsUp() {
        AtomicInteger looks = new AtomicInteger();
        BooleanSupplier ready = () -> {
            looks.incrementAndGet();
            return event.isSet();
        };
        Backoff backoff = Backoff.untilRung(900_000_000L, event.wakeup(event.offset + 8), ready);
        while (!event.isSet() && backoff.pause()) {
            // as MmapEvent.await
        }
        assertFalse(event.isSet());
        assertTrue(looks.get() <= 4, "looked " + looks.get() + " times in 0.9 s");
    }

    /**
     * A setter killed between setting the event and ringing leaves no waiter hung: the
     * waiter's park lasts a second at most, and it looks again. Here a child sets the
     * event's word without ringing, as such a setter would have.
     */
    @Test
    void aSetWhoseRingNeverCameEndsTheWaitWithinASecondOrSo() {
        MmapEvent e = event;
        ChildProcess setter = mp.process(() -> {
            Thread.sleep(300);
            ByteBuffer b = e.buf();
            long w = (long) Mem.LONG.getVolatile(b, e.offset);
            if (!Mem.LONG.compareAndSet(b, e.offset, w, (w | 1) + 2)) {
                throw new IllegalStateException("the event changed under the setter");
            }
        }).start();
        long t0 = System.nanoTime();
        assertTrue(e.waitFor(Duration.ofSeconds(30)), "the unrung set was never seen");
        long took = System.nanoTime() - t0;
        assertTrue(setter.join(Duration.ofSeconds(30)));
        assertEquals(0, setter.exitCode().getAsInt());
        assertTrue(took < 10_000_000_000L, "seen after " + took / 1_000_000 + " ms");
    }

    /**
     * An Event's waiter neither spins nor yields before it parks: its waker is another
     * process, which on a busy machine needs the core a spinner would hold. Its first pause
     * parks (and so looks at what it waits for once it is counted in as parked).
     */
    @Test
    void anEventWaiterParksAtItsFirstPause() {
        AtomicInteger looks = new AtomicInteger();
        BooleanSupplier ready = () -> {
            looks.incrementAndGet();
            return event.isSet();
        };
        Backoff backoff = Backoff.untilRung(50_000_000L, event.wakeup(event.offset + 8), ready);
        assertTrue(backoff.pause());
        assertTrue(looks.get() >= 1, "the first pause spun or yielded instead of parking");
    }
}
