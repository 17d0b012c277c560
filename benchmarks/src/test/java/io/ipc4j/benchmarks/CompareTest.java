package io.ipc4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison workloads run at tiny sizes and print a number; no timing is judged. */
class CompareTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pipeRoundTripPrintsAMedianInMicroseconds() {
        String[] lines = runCompare("pipe_rtt", "warmup=50", "rounds=200", "warm_ms=0");
        double median = Double.parseDouble(lines[0]);
        assertTrue(median > 0, "median " + median);
        assertTrue(lines[1].startsWith("p99_us="), lines[1]);
        assertTrue(lines[4].startsWith("cold_us=") && Double.parseDouble(lines[4].substring(8)) > 0, lines[4]);
        assertEquals(5, lines.length);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void pipeRoundTripRunsOverTcp() {
        PipeRttWorkload.Result r = PipeRttWorkload.run(java.util.Map.of("ipc4j.channel", "tcp"), 10, 100, 0);
        assertTrue(r.minMicros() > 0 && r.minMicros() <= r.medianMicros() && r.medianMicros() <= r.p99Micros(),
                r.toString());
        assertTrue(r.coldMedianMicros() > 0, r.toString());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void queueOneToOnePrintsItemsPerSecond() {
        String[] lines = runCompare("queue_1p1c", "n=2000");
        long perSecond = Long.parseLong(lines[0]);
        assertTrue(perSecond > 0, "items/s " + perSecond);
        assertTrue(lines[1].startsWith("steady_items_per_s="), lines[1]);
        assertEquals(3, lines.length);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void queueTwoToTwoPrintsItemsPerSecond() {
        String[] lines = runCompare("queue_2p2c", "n=2000");
        long perSecond = Long.parseLong(lines[0]);
        assertTrue(perSecond > 0, "items/s " + perSecond);
        assertTrue(lines[1].startsWith("steady_items_per_s="), lines[1]);
        assertTrue(lines[2].startsWith("warm_items_per_s="), lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theQueueOptionSetsTheQueueTransport() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> runCompare("queue_2p2c", "n=10", "queue=carrier-pigeon"));
        assertTrue(e.getMessage().contains("carrier-pigeon"), e.getMessage());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void managerDictPrintsTheSetThenTheGetInMicroseconds() {
        String[] lines = runCompare("manager_dict", "warmup=100", "n=500");
        double set = Double.parseDouble(lines[0]);
        assertTrue(set > 0, "set us " + set);
        assertTrue(lines[1].startsWith("get_us="), lines[1]);
        assertTrue(Double.parseDouble(lines[1].substring("get_us=".length())) > 0, lines[1]);
        assertTrue(lines[2].startsWith("cold_set_us="), lines[2]);
        assertTrue(Double.parseDouble(lines[2].substring("cold_set_us=".length())) > 0, lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void startWorkloadsPrintMilliseconds() {
        String[] child = runCompare("child_start", "rounds=1");
        assertTrue(Double.parseDouble(child[0]) > 0, child[0]);
        assertTrue(child[1].startsWith("first_ms="), child[1]);
        String[] pool = runCompare("pool_start_spares", "rounds=1");
        assertTrue(Double.parseDouble(pool[0]) > 0, pool[0]);
        String[] first = runCompare("pool_map_first", "n=1000");
        assertTrue(Double.parseDouble(first[0]) > 0, first[0]);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void wakeupWorkloadsPrintMicrosecondsAndMilliseconds() {
        String[] wakeup = runCompare("event_wakeup", "rounds=40", "pause_ms=1");
        assertTrue(Double.parseDouble(wakeup[0]) > 0, wakeup[0]);
        assertTrue(wakeup[1].startsWith("cold_us="), wakeup[1]);
        String[] cpu = runCompare("waiter_idle_cpu");
        assertTrue(Double.parseDouble(cpu[0]) >= 0, cpu[0]);
    }

    private static String[] runCompare(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Compare.main(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return out.strip().split("\n");
    }
}
