package io.ipc4j.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The copy of a child's output: whole lines, and no unbounded line held back. */
@Timeout(30)
class OutputPumpTest {

    /** What the pump printed, readable while it runs. */
    private static final class Printed extends ByteArrayOutputStream {
        synchronized int printed() {
            return count;
        }
    }

    private static void awaitPrinted(Printed printed, int atLeast) throws InterruptedException {
        while (printed.printed() < atLeast) {
            Thread.sleep(5);
        }
    }

    @Test
    void aChildWritingWithoutNewlinesIsCopiedInPartsAndNothingIsLost() throws Exception {
        PipedOutputStream child = new PipedOutputStream();
        PipedInputStream from = new PipedInputStream(child, 1 << 16);
        Printed printed = new Printed();
        PrintStream to = new PrintStream(printed, true);
        OutputPump pump = OutputPump.start(from, () -> to, "test");
        byte[] chunk = new byte[10_000];
        Arrays.fill(chunk, (byte) 'x');
        int written = 0;
        while (written < 1_000_000) {
            child.write(chunk);
            written += chunk.length;
        }
        child.flush();
        // the line has not ended, yet all but at most one held part of it is printed
        awaitPrinted(printed, written - OutputPump.LONGEST_HELD_LINE);
        byte[] end = "\nlast line\n".getBytes(StandardCharsets.US_ASCII);
        child.write(end);
        child.close();
        pump.join(10_000);
        String all = printed.toString(StandardCharsets.US_ASCII);
        assertEquals(written + end.length, all.length());
        assertEquals("x".repeat(written) + "\nlast line\n", all);
    }

    @Test
    void aShortUnfinishedLineWaitsForItsEndAndALineIsPrintedWhole() throws Exception {
        PipedOutputStream child = new PipedOutputStream();
        PipedInputStream from = new PipedInputStream(child);
        Printed printed = new Printed();
        PrintStream to = new PrintStream(printed, true);
        OutputPump pump = OutputPump.start(from, () -> to, "test");
        child.write("one\ntw".getBytes(StandardCharsets.US_ASCII));
        child.flush();
        awaitPrinted(printed, 4);
        Thread.sleep(100);
        assertEquals("one\n", printed.toString(StandardCharsets.US_ASCII), "an unfinished line was printed");
        child.write("o\n".getBytes(StandardCharsets.US_ASCII));
        child.close();
        pump.join(10_000);
        assertEquals("one\ntwo\n", printed.toString(StandardCharsets.US_ASCII));
    }
}
