package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Many wake-ups between two JVMs, with the waker's pause before each varied so that it
 * comes while the waiter is still looking, just parking, or long parked: none may be
 * lost. A lost ring would not hang a waiter (its park ends after a second at most and it
 * looks again), so a round that took as long as that counts as lost here.
 */
@Timeout(180)
class WakeupStressTest extends SharedSuite {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ROUNDS = 3000;
    /** A round trip this long means a ring went unheard until a park of a second ended. */
    private static final long LOST_NANOS = 900_000_000L;

    @Test
    void eventSetsClearsAndWaitsAcrossTwoProcessesLoseNoWakeUp() throws Exception {
        Event ping = mp.event();
        Event pong = mp.event();
        Event up = mp.event();
        ChildProcess waiter = mp.process(() -> {
            up.set();
            for (int i = 0; i < ROUNDS; i++) {
                if (!ping.waitFor(WAIT)) {
                    throw new IllegalStateException("round " + i + ": the set never woke this waiter");
                }
                ping.clear();
                pong.set();
            }
        }).start();
        assertTrue(up.waitFor(WAIT), "the child did not start");
        String slow = slowRounds(i -> {
            ping.set();
            assertTrue(pong.waitFor(WAIT), "round " + i + ": no answer");
            pong.clear();
        });
        assertTrue(waiter.join(WAIT));
        assertEquals(0, waiter.exitCode().getAsInt());
        assertEquals("", slow, "round trips that took a second (rings lost?):");
    }

    @Test
    void conditionHandOffsAcrossTwoProcessesLoseNoSignal() throws Exception {
        Condition cond = mp.condition();
        IntValue turn = mp.intValue(0);
        Event up = mp.event();
        ChildProcess other = mp.process(() -> {
            up.set();
            for (int i = 0; i < ROUNDS; i++) {
                try (Held h = cond.acquire()) {
                    if (!cond.waitFor(() -> turn.get() == 1, WAIT)) {
                        throw new IllegalStateException("round " + i + ": the signal never came");
                    }
                    turn.set(0);
                    cond.signalAll();
                }
            }
        }).start();
        assertTrue(up.waitFor(WAIT), "the child did not start");
        String slow = slowRounds(i -> {
            try (Held h = cond.acquire()) {
                turn.set(1);
                cond.signalAll();
                assertTrue(cond.waitFor(() -> turn.get() == 0, WAIT), "round " + i + ": no answer");
            }
        });
        assertTrue(other.join(WAIT));
        assertEquals(0, other.exitCode().getAsInt());
        assertEquals("", slow, "hand-offs that took a second (signals lost?):");
    }

    /** One round of a hand-off between the two processes. */
    private interface Round {
        void run(int i) throws Exception;
    }

    /** Runs {@link #ROUNDS} rounds, each after its pause, and names those that took as long as a lost ring. */
    private static String slowRounds(Round round) throws Exception {
        StringBuilder slow = new StringBuilder();
        for (int i = 0; i < ROUNDS; i++) {
            pauseBefore(i);
            long t0 = System.nanoTime();
            round.run(i);
            long took = System.nanoTime() - t0;
            if (took >= LOST_NANOS) {
                slow.append(" round ").append(i).append(": ").append(took / 1_000_000).append(" ms;");
            }
        }
        return slow.toString();
    }

    /** No pause, a few µs, a fraction of a millisecond, or long enough for the waiter to be parked. */
    private static void pauseBefore(int round) throws InterruptedException {
        switch (round % 4) {
            case 0 -> { }
            case 1 -> LockSupport.parkNanos(5_000);
            case 2 -> LockSupport.parkNanos(300_000);
            default -> Thread.sleep(2);
        }
    }
}
