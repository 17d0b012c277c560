package io.ipc4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool_map workload at a tiny size prints its figures; no timing is judged. */
class PoolMapCompareTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void poolMapPrintsSecondsThenStartUpWarmMapAndSerialFigures() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Compare.main(new String[] {"pool_map", "n=100000"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        String[] lines = out.strip().split("\n");
        assertEquals(4, lines.length, out);
        assertTrue(Double.parseDouble(lines[0]) > 0, out);
        assertTrue(lines[1].startsWith("pool_start_ms=") && Double.parseDouble(lines[1].substring(14)) > 0, out);
        assertEquals("warm_map_s=" + lines[0], lines[2], out);
        assertTrue(lines[3].startsWith("serial_s="), out);
    }
}
