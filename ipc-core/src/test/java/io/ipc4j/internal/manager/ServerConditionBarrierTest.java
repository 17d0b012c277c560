package io.ipc4j.internal.manager;

import io.ipc4j.BarrierBrokenException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ipc4j.internal.manager.Callers.as;
import static io.ipc4j.internal.manager.Callers.awaitBlocked;
import static io.ipc4j.internal.manager.Callers.start;
import static org.junit.jupiter.api.Assertions.*;

/** The waiters of a managed Condition and the managed Barrier, as the server holds them. */
@Timeout(30)
class ServerConditionBarrierTest {

    @Test
    void signalsGoToTheLongestWaitingAndASignalBeforeTheWaitIsKept() throws Exception {
        ServerCondition c = new ServerCondition();
        long first = as(30, 1, c::enqueue);
        long second = as(31, 1, c::enqueue);
        assertEquals(1, c.signal(1));
        assertTrue(c.awaitSignal(first, 0, true), "signaled before it began to wait");
        assertFalse(c.awaitSignal(second, 10_000_000L, false));
        assertEquals(1, c.signal(1), "a waiter between two slices still waits");
        assertTrue(c.awaitSignal(second, 0, false));
        long third = as(31, 1, c::enqueue);
        assertFalse(c.awaitSignal(third, 0, true));
        assertEquals(0, c.signal(1), "a waiter that timed out is no longer waiting");
    }

    @Test
    void anInterruptedWaiterLeavesTheSignalToTheNextUnlessItWasSignaledFirst() throws Exception {
        ServerCondition c = new ServerCondition();
        long a = as(32, 1, c::enqueue);
        long b = as(33, 1, c::enqueue);
        Callers.Started<Boolean> wa = start(32, 1, () -> c.awaitSignal(a, -1, true));
        awaitBlocked(wa.thread());
        wa.thread().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> wa.result().get(10, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertEquals(1, c.signal(1));
        assertTrue(c.awaitSignal(b, 0, true), "the signal went on to the other waiter");

        long d = as(32, 1, c::enqueue);
        c.signal(1);
        Thread.currentThread().interrupt();
        try {
            assertTrue(c.awaitSignal(d, -1, true), "a signal that meets an interrupt is returned, not lost");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theWaitersOfAnEndedSessionAreSkipped() throws Exception {
        ServerCondition c = new ServerCondition();
        as(34, 1, c::enqueue);
        long live = as(35, 1, c::enqueue);
        SessionWatch.ended(34);
        assertEquals(1, c.signal(5));
        assertTrue(c.awaitSignal(live, 0, true), "the signal skipped the dead waiter");
    }

    /** A party as a client is: arrives, then waits for its pass in one slice; -1 when told to run the action. */
    private static int party(ServerBarrier b, long timeoutNanos, boolean hasAction) throws InterruptedException {
        long r = b.arrive(hasAction);
        if (r == ManagedApis.BarrierApi.RUN_ACTION) {
            return -1;
        }
        if ((r & ManagedApis.BarrierApi.PASSED) != 0) {
            return (int) (r & ~ManagedApis.BarrierApi.PASSED);
        }
        return b.awaitPass(r, timeoutNanos, true);
    }

    @Test
    void aBarrierPassesWithDistinctIndicesAndTheLastRunsTheAction() throws Exception {
        ServerBarrier b = new ServerBarrier(3);
        Callers.Started<Integer> p0 = start(40, 1, () -> party(b, -1, true));
        Callers.Started<Integer> p1 = start(41, 1, () -> party(b, -1, true));
        while (b.waiting() != 2) {
            Thread.sleep(1);
        }
        assertEquals(-1, (int) as(42, 1, () -> party(b, -1, true)), "the last is told to run the action");
        Thread.sleep(50);
        assertFalse(p0.result().isDone(), "the pass waits for the action");
        assertEquals(2, as(42, 1, () -> b.finishPass(null)));
        Set<Integer> indices = new HashSet<>(List.of(p0.result().get(10, TimeUnit.SECONDS),
                p1.result().get(10, TimeUnit.SECONDS), 2));
        assertEquals(Set.of(0, 1, 2), indices);
        assertEquals(0, b.waiting());
    }

    @Test
    void anActionThatAbortsBreaksEveryoneAndOneThatResetsLetsTheLastGo() throws Exception {
        ServerBarrier b = new ServerBarrier(2);
        Callers.Started<Integer> p0 = start(43, 1, () -> party(b, -1, true));
        while (b.waiting() != 1) {
            Thread.sleep(1);
        }
        as(44, 1, () -> party(b, -1, true));
        b.abort();
        assertThrows(BarrierBrokenException.class, () -> b.finishPass(null));
        assertInstanceOf(BarrierBrokenException.class,
                assertThrows(ExecutionException.class, () -> p0.result().get(10, TimeUnit.SECONDS)).getCause());
        b.reset();
        Callers.Started<Integer> p1 = start(43, 1, () -> party(b, -1, true));
        while (b.waiting() != 1) {
            Thread.sleep(1);
        }
        as(44, 1, () -> party(b, -1, true));
        b.reset();
        assertEquals(1, b.finishPass(null));
        assertInstanceOf(BarrierBrokenException.class,
                assertThrows(ExecutionException.class, () -> p1.result().get(10, TimeUnit.SECONDS)).getCause());
        assertFalse(b.isBroken());
        BarrierBrokenException threw = assertThrows(BarrierBrokenException.class, () -> as(45, 1, () -> {
            ServerBarrier one = new ServerBarrier(1);
            party(one, -1, true);
            return one.finishPass("java.lang.IllegalStateException: boom");
        }));
        assertTrue(threw.getMessage().contains("boom"), threw.getMessage());
    }

    @Test
    void aTimeoutAnInterruptOrAnEndedSessionBreaksTheBarrier() throws Exception {
        ServerBarrier timed = new ServerBarrier(2);
        long ticket = as(46, 1, () -> timed.arrive(false));
        assertEquals(ManagedApis.BarrierApi.NOT_YET, timed.awaitPass(ticket, 1_000_000L, false));
        assertFalse(timed.isBroken(), "a slice that ran out is not a timeout");
        timed.reset();
        assertThrows(BarrierBrokenException.class, () -> as(46, 1, () -> party(timed, 20_000_000L, false)));
        assertTrue(timed.isBroken());
        assertThrows(BarrierBrokenException.class, () -> as(46, 1, () -> party(timed, -1, false)));

        ServerBarrier interrupted = new ServerBarrier(3);
        Callers.Started<Integer> a = start(47, 1, () -> party(interrupted, -1, false));
        Callers.Started<Integer> other = start(48, 1, () -> party(interrupted, -1, false));
        while (interrupted.waiting() != 2) {
            Thread.sleep(1);
        }
        a.thread().interrupt();
        assertInstanceOf(InterruptedException.class,
                assertThrows(ExecutionException.class, () -> a.result().get(10, TimeUnit.SECONDS)).getCause());
        assertInstanceOf(BarrierBrokenException.class,
                assertThrows(ExecutionException.class, () -> other.result().get(10, TimeUnit.SECONDS)).getCause());

        ServerBarrier victim = new ServerBarrier(2);
        Callers.Started<Integer> dies = start(49, 1, () -> party(victim, -1, false));
        while (victim.waiting() != 1) {
            Thread.sleep(1);
        }
        SessionWatch.ended(49);
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> as(50, 1, () -> party(victim, -1, false)));
        assertTrue(e.getMessage().contains("died"), e.getMessage());
        dies.thread().interrupt();
    }

    @Test
    void aWaiterInterruptedBecauseItsProcessWentBreaksTheBarrierAsADeath() throws Exception {
        // the server interrupts the call of a caller whose connection ended, and may do so
        // before the session's end reaches the barrier: the barrier must still say "died"
        ServerBarrier victim = new ServerBarrier(2);
        ManagerCall call = new ManagerCall(null, 51);
        Callers.Started<Integer> dies = start(51, 1, () -> {
            call.bind();
            return party(victim, -1, false);
        });
        while (victim.waiting() != 1) {
            Thread.sleep(1);
        }
        awaitBlocked(dies.thread());
        call.markCallerGone();
        dies.thread().interrupt();
        assertInstanceOf(InterruptedException.class,
                assertThrows(ExecutionException.class, () -> dies.result().get(10, TimeUnit.SECONDS)).getCause());
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> as(52, 1, () -> party(victim, -1, false)));
        assertTrue(e.getMessage().contains("died"), e.getMessage());
    }
}
