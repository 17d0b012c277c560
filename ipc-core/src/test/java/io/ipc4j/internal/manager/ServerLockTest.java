package io.ipc4j.internal.manager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ipc4j.internal.manager.Callers.as;
import static io.ipc4j.internal.manager.Callers.awaitBlocked;
import static io.ipc4j.internal.manager.Callers.start;
import static org.junit.jupiter.api.Assertions.*;

/** The managed Lock and RLock as the server holds them, called by several callers. */
@Timeout(30)
class ServerLockTest {

    @Test
    void aPlainLockIsReleasedByAnyCallerAndNotWhenFree() {
        ServerLock lock = new ServerLock(false);
        assertThrows(IllegalMonitorStateException.class, () -> as(1, 1, () -> {
            lock.release();
            return null;
        }));
        assertEquals(ManagedApis.ACQUIRED, as(1, 1, () -> lock.acquire(-1)));
        assertEquals(ManagedApis.TIMED_OUT, as(1, 1, () -> lock.acquire(0)), "not reentrant");
        assertEquals(ManagedApis.TIMED_OUT, as(2, 1, () -> lock.acquire(50_000_000L)));
        as(2, 7, () -> {
            lock.release();
            return null;
        });
        assertFalse(lock.isLocked());
    }

    @Test
    void theLockOfAnEndedSessionGoesToItsWaiterWhoIsToldSo() throws Exception {
        ServerLock lock = new ServerLock(false);
        as(1, 1, () -> lock.acquire(-1));
        Callers.Started<Integer> waiter = start(2, 1, () -> lock.acquire(-1));
        awaitBlocked(waiter.thread());
        SessionWatch.ended(1);
        assertEquals(ManagedApis.TOOK_OVER, waiter.result().get(10, TimeUnit.SECONDS));
        as(2, 1, () -> {
            lock.release();
            return null;
        });
        assertEquals(ManagedApis.ACQUIRED, as(2, 1, () -> lock.acquire(-1)), "only the next acquisition is told");
    }

    @Test
    void anEndedSessionThatHoldsNothingLeavesTheLockAlone() {
        ServerLock lock = new ServerLock(true);
        as(3, 1, () -> lock.acquire(-1));
        as(4, 1, () -> lock.acquire(0));
        SessionWatch.ended(4);
        assertTrue(lock.isLocked());
        assertEquals(1, as(3, 1, lock::holdCount));
    }

    @Test
    void anRLockIsReentrantAndOwnedByOneThreadOfOneSession() {
        ServerLock r = new ServerLock(true);
        as(1, 1, () -> r.acquire(-1));
        as(1, 1, () -> r.acquire(-1));
        assertEquals(2, as(1, 1, r::holdCount));
        assertEquals(0, as(1, 2, r::holdCount), "another thread of the same process");
        assertEquals(ManagedApis.TIMED_OUT, as(2, 1, () -> r.acquire(0)), "the same thread id in another process");
        assertThrows(IllegalMonitorStateException.class, () -> as(1, 2, () -> {
            r.release();
            return null;
        }));
        assertEquals(2, as(1, 1, r::releaseFully));
        assertFalse(r.isLocked());
        as(1, 1, () -> r.reacquire(2));
        assertEquals(2, as(1, 1, r::holdCount));
        as(1, 1, () -> {
            r.release();
            r.release();
            return null;
        });
        assertFalse(r.isLocked());
    }

    @Test
    void anInterruptedWaiterTakesNothingAndPassesItsWakeUpOn() throws Exception {
        ServerLock lock = new ServerLock(false);
        as(1, 1, () -> lock.acquire(-1));
        Callers.Started<Integer> a = start(2, 1, () -> lock.acquire(-1));
        awaitBlocked(a.thread());
        Callers.Started<Integer> b = start(3, 1, () -> lock.acquire(-1));
        awaitBlocked(b.thread());
        a.thread().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.result().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        as(1, 1, () -> {
            lock.release();
            return null;
        });
        assertEquals(ManagedApis.ACQUIRED, b.result().get(10, TimeUnit.SECONDS));
    }
}
