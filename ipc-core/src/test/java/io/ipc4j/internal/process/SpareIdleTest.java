package io.ipc4j.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spare reports ready once its process is idle (its compilers done with what the warm-up
 * made hot), and not later than its bound when the process never is.
 */
@Timeout(60)
class SpareIdleTest {
    @Test
    void waitsWhileTheProcessIsBusyAndNoLongerThanItsBound() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        try {
            Thread.sleep(50);
            long t0 = System.nanoTime();
            assertFalse(SpareWarmUp.awaitIdle(TimeUnit.MILLISECONDS.toNanos(500)),
                    "saw a process idle while two of its threads spun");
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(500), "gave up after " + waited / 1_000_000 + " ms");
            assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "waited " + waited / 1_000_000 + " ms past a 500 ms bound");
        } finally {
            stop.set(true);
            for (Thread t : busy) {
                t.join();
            }
        }
        long t0 = System.nanoTime();
        assertTrue(SpareWarmUp.awaitIdle(TimeUnit.SECONDS.toNanos(10)), "never saw the process idle once its threads"
                + " stopped");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "took long to see an idle process");
    }
}
