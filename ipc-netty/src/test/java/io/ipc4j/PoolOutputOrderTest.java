package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a pool worker printed before it answered is printed here before the answer is
 * handed over, even when this JVM's output is slow; and a stuck output delays answers
 * only briefly.
 */
@Timeout(120)
class PoolOutputOrderTest {
    /** An output that takes {@code millisPerWrite} for each write, or blocks until {@code open} counts down. */
    private static final class SlowOutput extends OutputStream {
        private final StringBuffer text = new StringBuffer();
        private final long millisPerWrite;
        private final CountDownLatch open;

        SlowOutput(long millisPerWrite, CountDownLatch open) {
            this.millisPerWrite = millisPerWrite;
            this.open = open;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                Thread.sleep(millisPerWrite);
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            text.append(new String(b, off, len, StandardCharsets.UTF_8));
        }

        String text() {
            return text.toString();
        }
    }

    @Test
    void aWorkersLinesArePrintedBeforeItsResultIsHandedOver() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        SlowOutput slowOut = new SlowOutput(15, new CountDownLatch(0));
        SlowOutput slowErr = new SlowOutput(15, new CountDownLatch(0));
        try (Context mp = Context.create(); Pool pool = mp.pool(1)) {
            assertEquals(0, pool.apply((Integer n) -> n, 0)); // the worker is up
            System.setOut(new PrintStream(slowOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(slowErr, true, StandardCharsets.UTF_8));
            for (int i = 1; i <= 5; i++) {
                int got = pool.apply((Integer n) -> {
                    System.out.println("out " + n);
                    System.err.println("err " + n);
                    return n;
                }, i);
                assertEquals(i, got);
                assertTrue(slowOut.text().contains("out " + i + "\n"), "result " + i + " came before its line: " + slowOut.text());
                assertTrue(slowErr.text().contains("err " + i + "\n"), "result " + i + " came before its line: " + slowErr.text());
            }
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> pool.apply((Integer n) -> {
                System.out.println("failing " + n);
                throw new IllegalStateException("on purpose");
            }, 6));
            assertTrue(failed.getMessage().contains("on purpose"), failed.toString());
            assertTrue(slowOut.text().contains("failing 6\n"), "the failure came before its line: " + slowOut.text());

            assertEquals(List.of(7, 8, 9), pool.map((Integer n) -> {
                System.out.println("mapped " + n);
                return n;
            }, List.of(7, 8, 9), 1));
            for (int i = 7; i <= 9; i++) {
                assertTrue(slowOut.text().contains("mapped " + i + "\n"), "map's result came before line " + i + ": " + slowOut.text());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void anOutputThatDoesNotMoveDelaysAnAnswerOnlyBriefly() {
        PrintStream out = System.out;
        CountDownLatch open = new CountDownLatch(1);
        SlowOutput stuck = new SlowOutput(0, open);
        try (Context mp = Context.create(); Pool pool = mp.pool(1)) {
            assertEquals(0, pool.apply((Integer n) -> n, 0));
            System.setOut(new PrintStream(stuck, true, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            for (int i = 1; i <= 12; i++) {
                assertEquals(i, pool.apply((Integer n) -> {
                    System.out.println("line " + n);
                    return n;
                }, i));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            // one wait of a second, then none while the output stays stuck (a second each would take 12 s)
            assertTrue(millis < 8_000, "twelve answers took " + millis + " ms behind a stuck output");
            open.countDown();
        } finally {
            open.countDown();
            System.setOut(out);
        }
    }
}
