package io.ipc4j.internal.manager;

import io.ipc4j.SemaphoreOverReleaseException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ipc4j.internal.manager.Callers.as;
import static io.ipc4j.internal.manager.Callers.awaitBlocked;
import static io.ipc4j.internal.manager.Callers.start;
import static org.junit.jupiter.api.Assertions.*;

/** The managed Semaphore and Event as the server holds them. */
@Timeout(30)
class ServerSemaphoreEventTest {

    @Test
    void aBoundedSemaphoreCountsAndRefusesToGrow() {
        ServerSemaphore s = new ServerSemaphore(1, true);
        assertThrows(SemaphoreOverReleaseException.class, () -> as(1, 1, () -> {
            s.release();
            return null;
        }));
        assertEquals(ManagedApis.ACQUIRED, as(1, 1, () -> s.acquire(-1)));
        assertEquals(ManagedApis.TIMED_OUT, as(2, 1, () -> s.acquire(20_000_000L)));
        as(2, 1, () -> {
            s.release();
            return null;
        });
        assertEquals(1, s.value());
        assertThrows(IllegalArgumentException.class, () -> new ServerSemaphore(-1, false));
    }

    @Test
    void thePermitsOfAnEndedSessionGoBackAndTheirTakersAreTold() throws Exception {
        ServerSemaphore s = new ServerSemaphore(2, true);
        as(10, 1, () -> s.acquire(-1));
        as(10, 1, () -> s.acquire(-1));
        Callers.Started<Integer> waiter = start(11, 1, () -> s.acquire(-1));
        awaitBlocked(waiter.thread());
        SessionWatch.ended(10);
        assertEquals(ManagedApis.TOOK_OVER, waiter.result().get(10, TimeUnit.SECONDS));
        assertEquals(1, s.value());
        as(11, 1, () -> {
            s.release();
            return null;
        });
        assertEquals(2, s.value());
        assertThrows(SemaphoreOverReleaseException.class, () -> as(11, 1, () -> {
            s.release();
            return null;
        }));
    }

    @Test
    void aPermitReleasedByAnotherProcessIsNotGivenBackTwiceWhenTheTakerEnds() {
        ServerSemaphore s = new ServerSemaphore(1, false);
        as(20, 1, () -> s.acquire(-1));
        as(21, 1, () -> {
            s.release();
            return null;
        });
        SessionWatch.ended(20);
        assertEquals(1, s.value(), "the release was charged to the holder");
    }

    @Test
    void anInterruptedAcquireTakesNoPermit() throws Exception {
        ServerSemaphore s = new ServerSemaphore(0, false);
        Callers.Started<Integer> a = start(1, 1, () -> s.acquire(-1));
        awaitBlocked(a.thread());
        a.thread().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.result().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        as(2, 1, () -> {
            s.release();
            return null;
        });
        assertEquals(1, s.value());
    }

    @Test
    void anEventSetAndClearedAtOnceReleasesThoseWaiting() throws Exception {
        ServerEvent e = new ServerEvent();
        long since = e.awaitSet(-1, 10_000_000L);
        assertTrue(since >= 0, "no set came");
        Callers.Started<Long> w = start(1, 1, () -> e.awaitSet(-1, -1));
        awaitBlocked(w.thread());
        e.set();
        e.clear();
        assertEquals(ManagedApis.EventApi.SET, w.result().get(10, TimeUnit.SECONDS));
        assertFalse(e.isSet());
        assertEquals(ManagedApis.EventApi.SET, e.awaitSet(since, 0), "a set between two slices of a wait is seen");
        e.set();
        assertEquals(ManagedApis.EventApi.SET, e.awaitSet(-1, 0));
    }
}
