package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A timeout too long to count in nanoseconds ({@code Duration.ofSeconds(Long.MAX_VALUE)}) means
 * no limit in every call that takes one, instead of an ArithmeticException. Each call here
 * really waits: what it waits for happens a moment later in another thread or process.
 */
@Timeout(120)
class HugeTimeoutTest {
    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    private static CompletableFuture<Void> later(ThrowingRunnable action) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(100);
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void pipeCalls() throws Exception {
        Pipe pipe = mp.pipe();
        Connection a = pipe.left();
        Connection b = pipe.right();
        later(() -> a.send("one"));
        assertEquals("one", b.recv(HUGE));
        later(() -> a.sendBytes(new byte[] {2}));
        assertArrayEquals(new byte[] {2}, b.recvBytes(HUGE));
        later(() -> a.send("three"));
        assertTrue(b.poll(HUGE));
        assertEquals("three", b.recv());
        later(() -> a.send("four"));
        assertEquals(List.of(b), Connection.wait(List.of(b), HUGE));
        assertEquals("four", b.recv());
        a.close();
        b.close();
    }

    @Test
    void processJoinAndSpares() {
        ChildProcess p = mp.process(() -> Thread.sleep(200)).start();
        assertTrue(p.join(HUGE));
        assertEquals(0, p.exitCode().orElseThrow());
        assertTrue(mp.awaitSpares(HUGE));
    }

    @Test
    void poolResultsAndJoin() {
        Pool threads = mp.threadPool(1);
        AsyncResult<Integer> r = threads.applyAsync(() -> {
            Thread.sleep(100);
            return 7;
        });
        assertTrue(r.waitFor(HUGE));
        assertEquals(7, r.get(HUGE));
        threads.close();
        assertTrue(threads.join(HUGE));
        Pool processes = mp.pool(1);
        AsyncResult<Integer> s = processes.applyAsync((Integer x) -> x + 1, 1);
        assertEquals(2, s.get(HUGE));
        processes.close();
        assertTrue(processes.join(HUGE));
    }

    @Test
    void locksSemaphoresEventsConditionsAndBarriers() throws Exception {
        Lock lock = mp.lock();
        Held held = lock.acquire();
        CompletableFuture<Void> unlock = later(held::close);
        try (Held again = CompletableFuture.supplyAsync(() -> lock.acquire(HUGE)).get(60, TimeUnit.SECONDS)) {
            assertNotNull(again);
        }
        unlock.get(60, TimeUnit.SECONDS);
        assertTrue(lock.tryAcquire(HUGE));
        lock.release();

        Semaphore sem = mp.semaphore(0);
        later(sem::release);
        assertTrue(sem.tryAcquire(HUGE));
        later(sem::release);
        sem.acquire(HUGE).close();

        Event event = mp.event();
        later(event::set);
        assertTrue(event.waitFor(HUGE));

        Condition cond = mp.condition();
        boolean[] flag = {false};
        later(() -> {
            try (Held h = cond.acquire()) {
                flag[0] = true;
                cond.signalAll();
            }
        });
        try (Held h = cond.acquire()) {
            assertTrue(cond.waitFor(() -> flag[0], HUGE));
        }

        Barrier barrier = mp.barrier(2);
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> barrier.await(HUGE));
        barrier.await(HUGE);
        other.get(60, TimeUnit.SECONDS);
    }
}
