package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Custom types registered with {@link Manager.Builder#register}: methods exposed through an
 * interface, a method not exposed, exceptions thrown in the server, an interrupted caller.
 */
@Timeout(120)
class ManagerCustomTypeTest {
    /** What a counter exposes. */
    public interface CounterApi {
        int increment();

        int get();

        void fail(String message);

        void failChecked(String message) throws IOException;

        /** Sleeps in the server until interrupted; returns how long it slept. */
        long sleep(long millis) throws InterruptedException;

        /** Works for {@code millis} in the server ignoring interrupts, then returns 42. */
        int busy(long millis);
    }

    /** A client's idea of the counter with one method the server does not expose. */
    public interface WiderCounterApi extends CounterApi {
        void reset();
    }

    /** A counter held by the server. */
    public static final class Counter implements WiderCounterApi {
        private final AtomicInteger n = new AtomicInteger();

        public Counter() {
        }

        public Counter(int start) {
            n.set(start);
        }

        @Override
        public int increment() {
            return n.incrementAndGet();
        }

        @Override
        public int get() {
            return n.get();
        }

        @Override
        public void fail(String message) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public void failChecked(String message) throws IOException {
            throw new IOException(message);
        }

        @Override
        public long sleep(long millis) throws InterruptedException {
            long t0 = System.nanoTime();
            Thread.sleep(millis);
            return (System.nanoTime() - t0) / 1_000_000;
        }

        @Override
        public int busy(long millis) {
            n.set(-1); // for the caller: the call is running
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return 42;
        }

        @Override
        public void reset() {
            n.set(0);
        }
    }

    private static Context mp;
    private static Manager m;

    @BeforeAll
    static void start() {
        mp = Context.create();
        m = Manager.builder()
                .register("Counter", Counter::new, CounterApi.class)
                .registerWithArgs("CounterFrom", args -> new Counter((Integer) args[0]), CounterApi.class)
                .start(mp);
    }

    @AfterAll
    static void stop() {
        m.close();
        mp.close();
    }

    @Test
    void aRegisteredTypeIsUsedThroughItsInterfaceHereAndInAChild() {
        CounterApi c = m.create("Counter", CounterApi.class);
        assertEquals(1, c.increment());
        ChildProcess p = mp.process(() -> {
            for (int i = 0; i < 10; i++) {
                c.increment();
            }
        }).start();
        p.join();
        assertEquals(11, c.get());
        assertEquals(8, m.create("CounterFrom", CounterApi.class, 7).increment());
        assertEquals(c, c);
        assertNotEquals(c, m.create("Counter", CounterApi.class));
    }

    @Test
    void aMethodTheServerDoesNotExposeFailsClearly() {
        WiderCounterApi c = m.create("Counter", WiderCounterApi.class);
        MethodNotExposedException e = assertThrows(MethodNotExposedException.class, c::reset);
        assertTrue(e.getMessage().contains("reset()") && e.getMessage().contains("Counter"), e.getMessage());
        assertEquals(1, c.increment(), "the methods it does expose still work");
    }

    @Test
    void anUnknownTypeFailsClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.create("Nope", CounterApi.class));
        assertTrue(e.getMessage().contains("Nope") && e.getMessage().contains("Counter"), e.getMessage());
    }

    @Test
    void anExceptionThrownInTheServerArrivesAsItselfWithTheServersTrace() {
        CounterApi c = m.create("Counter", CounterApi.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fail("boom"));
        assertEquals("boom", e.getMessage());
        assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("Counter.fail"), e.getCause().getMessage());
        IOException checked = assertThrows(IOException.class, () -> c.failChecked("disk"));
        assertEquals("disk", checked.getMessage());
        assertInstanceOf(RemoteTraceback.class, checked.getCause());
    }

    @Test
    void anInterruptedCallerInterruptsTheCallInTheServer() throws Exception {
        CounterApi c = m.create("Counter", CounterApi.class);
        AtomicBoolean flagSetAgain = new AtomicBoolean();
        Thread[] caller = new Thread[1];
        CompletableFuture<Object> call = new CompletableFuture<>();
        caller[0] = new Thread(() -> {
            try {
                call.complete(c.sleep(60_000));
            } catch (Throwable t) {
                flagSetAgain.set(Thread.currentThread().isInterrupted());
                call.completeExceptionally(t);
            }
        });
        caller[0].start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        caller[0].interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        assertInstanceOf(IpcInterruptedException.class, e.getCause());
        assertTrue(flagSetAgain.get(), "the caller's interrupt status is set again");
        assertEquals(1, c.increment(), "the connection is fine afterwards");
    }

    @Test
    void aResultMadeDespiteTheInterruptIsReturned() throws Exception {
        CounterApi c = m.create("Counter", CounterApi.class);
        CompletableFuture<Object> call = new CompletableFuture<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            call.complete(c.busy(3000));
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        // interrupted only once the call runs in the server: before it is sent, it would not be made
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.get() != -1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        caller.interrupt();
        assertEquals(42, call.get(10, TimeUnit.SECONDS));
        caller.join();
        assertTrue(interrupted.get());
    }

    @Test
    void aFactoryThatCannotTravelToTheServerFailsAtStart() {
        Thread notSerializable = new Thread();
        SerializationException e = assertThrows(SerializationException.class, () -> Manager.builder()
                .register("Bad", () -> notSerializable.getName() == null ? null : new Counter(), CounterApi.class)
                .start(mp));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void anApiThatIsNotAnInterfaceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Manager.builder().register("C", Counter::new, Counter.class));
    }
}
