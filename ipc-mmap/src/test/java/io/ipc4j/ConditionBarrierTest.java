package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Condition and Barrier across processes. */
@Timeout(120)
class ConditionBarrierTest extends SharedSuite {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void producerInAChildSignalsAConsumerWaitingForAPredicate() {
        Condition cond = mp.condition();
        IntArray items = mp.intArray(1);
        ChildProcess producer = mp.process(() -> {
            for (int k = 0; k < 5; k++) {
                try (Held h = cond.acquire()) {
                    items.addAndGet(0, 1);
                    cond.signalAll();
                }
                Thread.sleep(20);
            }
        }).start();
        try (Held h = cond.acquire()) {
            assertTrue(cond.waitFor(() -> items.get(0) == 5, WAIT));
        }
        assertTrue(producer.join(WAIT));
        assertEquals(0, producer.exitCode().getAsInt());
    }

    @Test
    void awaitTimesOutAndNeedsTheLock() {
        Condition cond = mp.condition(mp.lock());
        assertThrows(IllegalMonitorStateException.class, cond::await);
        assertThrows(IllegalMonitorStateException.class, cond::signal);
        try (Held h = cond.acquire()) {
            long t0 = System.nanoTime();
            assertFalse(cond.await(Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= 90_000_000L);
            assertTrue(cond.lock().isLocked(), "await gives the lock back");
            assertFalse(cond.waitFor(() -> false, Duration.ofMillis(50)));
            cond.signal();
        }
    }

    @Test
    void signalWakesOneWaiterAtATimeInArrivalOrder() throws Exception {
        Condition cond = mp.condition();
        IntValue order = mp.intValue(0);
        IntArray woke = mp.intArray(2);
        List<CompletableFuture<Boolean>> waiters = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int me = k;
            waiters.add(CompletableFuture.supplyAsync(() -> {
                try (Held h = cond.acquire()) {
                    order.addAndGet(1);
                    boolean signaled = cond.await(WAIT);
                    woke.set(me, order.addAndGet(1));
                    return signaled;
                }
            }));
            while (order.get() != k + 1) {
                Thread.sleep(1);
            }
        }
        Thread.sleep(50);
        try (Held h = cond.acquire()) {
            cond.signal();
        }
        assertTrue(waiters.get(0).get(10, TimeUnit.SECONDS));
        assertFalse(waiters.get(1).isDone());
        try (Held h = cond.acquire()) {
            cond.signal(5);
        }
        assertTrue(waiters.get(1).get(10, TimeUnit.SECONDS));
        assertTrue(woke.get(0) < woke.get(1));
    }

    @Test
    void aSignalThatMeetsAnInterruptIsNotLost() throws Exception {
        Condition cond = mp.condition();
        IntValue waiting = mp.intValue(0);
        for (int round = 0; round < 5; round++) {
            waiting.set(0);
            CompletableFuture<String> first = new CompletableFuture<>();
            Thread a = new Thread(() -> {
                try (Held h = cond.acquire()) {
                    waiting.addAndGet(1);
                    boolean signaled = cond.await(WAIT);
                    first.complete(signaled + (Thread.interrupted() ? " interrupted" : ""));
                } catch (IpcInterruptedException e) {
                    first.complete("threw");
                }
            });
            a.start();
            while (waiting.get() != 1) {
                Thread.sleep(1);
            }
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try (Held h = cond.acquire()) {
                    waiting.addAndGet(1);
                    return cond.await(WAIT);
                }
            });
            while (waiting.get() != 2) {
                Thread.sleep(1);
            }
            Thread.sleep(20);
            // The interrupt wakes the first waiter, which then waits for the lock held here,
            // while the signal goes to the longest waiter: that same first one.
            try (Held h = cond.acquire()) {
                a.interrupt();
                cond.signal();
            }
            String outcome = first.get(10, TimeUnit.SECONDS);
            if (outcome.equals("threw")) {
                assertTrue(second.get(10, TimeUnit.SECONDS), "the signal went on to the other waiter");
            } else {
                assertEquals("true interrupted", outcome, "woken by the signal, the interrupt left set");
                Thread.sleep(50);
                assertFalse(second.isDone(), "one signal woke one waiter");
                try (Held h = cond.acquire()) {
                    cond.signal();
                }
                assertTrue(second.get(10, TimeUnit.SECONDS));
            }
            a.join(10_000);
        }
    }

    @Test
    void barrierLetsAllPartiesGoWithDistinctIndicesAndRunsTheActionOnce() {
        IntValue actions = mp.intValue(0);
        IntArray indices = mp.intArray(new int[] {-1, -1});
        Barrier barrier = mp.barrier(3, () -> actions.addAndGet(1));
        assertEquals(3, barrier.parties());
        List<ChildProcess> children = List.of(0, 1).stream().map(k -> mp.process(() -> {
            indices.set(k, barrier.await(Duration.ofSeconds(30)));
            barrier.await(Duration.ofSeconds(30));
        }).start()).toList();
        int mine = barrier.await(WAIT);
        barrier.await(WAIT);
        for (ChildProcess c : children) {
            assertTrue(c.join(WAIT));
            assertEquals(0, c.exitCode().getAsInt());
        }
        Set<Integer> all = new HashSet<>(List.of(mine, indices.get(0), indices.get(1)));
        assertEquals(Set.of(0, 1, 2), all);
        assertEquals(2, actions.get());
        assertFalse(barrier.isBroken());
    }

    @Test
    void timeoutBreaksTheBarrierForEveryoneUntilReset() throws Exception {
        Barrier barrier = mp.barrier(3);
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(WAIT);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        while (barrier.waiting() != 1) {
            Thread.sleep(1);
        }
        assertThrows(BarrierBrokenException.class, () -> barrier.await(Duration.ofMillis(100)));
        assertInstanceOf(BarrierBrokenException.class, other.get(10, TimeUnit.SECONDS));
        assertTrue(barrier.isBroken());
        assertThrows(BarrierBrokenException.class, barrier::await);
        barrier.reset();
        assertFalse(barrier.isBroken());
        Barrier two = mp.barrier(1);
        assertEquals(0, two.await());
        two.abort();
        assertThrows(BarrierBrokenException.class, two::await);
    }

    @Test
    void resetBreaksTheCurrentWaitersAndAKilledWaiterBreaksTheBarrier() throws Exception {
        Barrier barrier = mp.barrier(2);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                barrier.await(WAIT);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        while (barrier.waiting() != 1) {
            Thread.sleep(1);
        }
        barrier.reset();
        assertInstanceOf(BarrierBrokenException.class, waiter.get(10, TimeUnit.SECONDS));

        Barrier three = mp.barrier(3);
        ChildProcess victim = mp.process(() -> three.await(Duration.ofSeconds(600))).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (three.waiting() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        victim.kill();
        assertTrue(victim.join(WAIT));
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> three.await(WAIT));
        assertTrue(e.getMessage().contains("died"), e.getMessage());
    }

    @Test
    void anInterruptedPartyBreaksTheBarrierForEveryone() throws Exception {
        Barrier barrier = mp.barrier(3);
        java.util.concurrent.CompletableFuture<Throwable> a = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Throwable> b = new java.util.concurrent.CompletableFuture<>();
        Thread ta = new Thread(() -> {
            try {
                barrier.await(Duration.ofSeconds(30));
                a.complete(null);
            } catch (Throwable t) {
                a.complete(t);
            }
        });
        Thread tb = new Thread(() -> {
            try {
                barrier.await(Duration.ofSeconds(90));
                b.complete(null);
            } catch (Throwable t) {
                b.complete(t);
            }
        });
        ta.start();
        tb.start();
        while (barrier.waiting() < 2) {
            Thread.sleep(5);
        }
        ta.interrupt();
        assertInstanceOf(IpcInterruptedException.class, a.get(30, java.util.concurrent.TimeUnit.SECONDS));
        // Well before B's own 90 s timeout: the interrupt, not a timeout, broke the barrier.
        assertInstanceOf(BarrierBrokenException.class, b.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(barrier.isBroken());
        assertThrows(BarrierBrokenException.class, () -> barrier.await(Duration.ofSeconds(5)),
                "a third party must not pass a barrier broken by an interrupt");
    }
}
