package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Lock and RLock: CPython's semantics, and surviving a holder killed with SIGKILL. */
@Timeout(120)
class LockTest extends SharedSuite {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void lockIsOwnerlessAndReleasingAFreeLockThrows() throws Exception {
        Lock lock = mp.lock();
        assertFalse(lock.isLocked());
        assertThrows(IllegalMonitorStateException.class, lock::release);
        lock.acquire();
        assertTrue(lock.isLocked());
        assertFalse(lock.tryAcquire());
        CompletableFuture.runAsync(lock::release).get(10, TimeUnit.SECONDS);
        assertFalse(lock.isLocked());
        assertTrue(lock.tryLock());
        lock.unlock();
    }

    @Test
    void timedAcquireGivesUpAfterItsTimeout() {
        Lock lock = mp.lock();
        lock.acquire();
        long t0 = System.nanoTime();
        assertFalse(lock.tryAcquire(Duration.ofMillis(200)));
        long took = System.nanoTime() - t0;
        assertTrue(took >= 190_000_000L && took < 5_000_000_000L, took + " ns");
        assertThrows(IpcTimeoutException.class, () -> lock.acquire(Duration.ofMillis(50)));
        assertThrows(IllegalArgumentException.class, () -> lock.tryAcquire(Duration.ofMillis(-1)));
        assertThrows(UnsupportedOperationException.class, lock::newCondition);
        lock.release();
    }

    @Test
    void childWaitsForTheLockTheParentHolds() {
        Lock lock = mp.lock();
        IntValue stage = mp.intValue(0);
        lock.acquire();
        ChildProcess p = mp.process(() -> {
            stage.set(1);
            try (Held h = lock.acquire(Duration.ofSeconds(30))) {
                stage.set(2);
            }
        }).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stage.get() != 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, stage.get());
        assertFalse(mp.event().waitFor(Duration.ofMillis(200)));
        assertEquals(1, stage.get(), "the child got in while the parent held the lock");
        lock.release();
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().getAsInt());
        assertEquals(2, stage.get());
    }

    @Test
    void lockOfAProcessKilledWhileHoldingItIsTakenOver() {
        Lock lock = mp.lock();
        Event holding = mp.event();
        ChildProcess p = mp.process(() -> {
            lock.acquire();
            holding.set();
            Thread.sleep(600_000);
        }).start();
        assertTrue(holding.waitFor(WAIT));
        assertFalse(lock.tryAcquire(Duration.ofMillis(50)));
        p.kill();
        assertTrue(p.join(WAIT));
        Held held = lock.acquire(Duration.ofSeconds(10));
        assertTrue(held.tookOverFromDeadOwner());
        assertTrue(lock.tookOverFromDeadOwner());
        held.close();
        lock.acquire().close();
        assertFalse(lock.tookOverFromDeadOwner());
    }

    @Test
    void rLockIsReentrantAndOnlyItsOwnerMayRelease() throws Exception {
        RLock r = mp.rLock();
        assertThrows(IllegalMonitorStateException.class, r::release);
        r.acquire();
        r.acquire();
        assertEquals(2, r.holdCount());
        assertTrue(r.isHeldByCurrentThread());
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.release();
            } catch (Throwable e) {
                other.set(e);
            }
            other.compareAndSet(null, new AssertionError("released by another thread"));
        });
        t.start();
        t.join(10_000);
        assertInstanceOf(IllegalMonitorStateException.class, other.get());
        assertFalse(CompletableFuture.supplyAsync(() -> r.tryAcquire(Duration.ofMillis(20))).get(10, TimeUnit.SECONDS));
        r.release();
        assertTrue(r.isLocked());
        r.release();
        assertFalse(r.isLocked());
        assertEquals(0, r.holdCount());
        assertTrue(CompletableFuture.supplyAsync(() -> {
            boolean got = r.tryAcquire();
            r.release();
            return got;
        }).get(10, TimeUnit.SECONDS));
    }

    @Test
    void rLockHeldByTheParentCannotBeReleasedByAChildAndIsTakenOverAfterAKill() {
        RLock r = mp.rLock();
        r.acquire();
        ChildProcess refused = mp.process(r::release).start();
        assertTrue(refused.join(WAIT));
        assertEquals(1, refused.exitCode().getAsInt());
        r.release();

        Event holding = mp.event();
        ChildProcess holder = mp.process(() -> {
            r.acquire();
            r.acquire();
            holding.set();
            Thread.sleep(600_000);
        }).start();
        assertTrue(holding.waitFor(WAIT));
        assertFalse(r.tryAcquire());
        holder.kill();
        assertTrue(r.tryAcquire(Duration.ofSeconds(10)));
        assertTrue(r.tookOverFromDeadOwner());
        assertEquals(1, r.holdCount());
        r.release();
        assertFalse(r.isLocked());
    }
}
