package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer/consumer cluster, small enough for a unit test. */
@Timeout(120)
class ClusterTest {

    @Test
    void everyItemArrivesOnceAndTheChecksumHolds() {
        CommandRun run = CommandRun.of("cluster", "--producers", "2", "--consumers", "2", "--items", "20000");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.lines().contains("cluster: 2 producers, 2 consumers, 20000 items"), run.toString());
        assertTrue(run.lines().contains("queue transport: broker"), "the default transport: " + run);
        assertTrue(run.out().contains("producers done after "), run.toString());
        assertTrue(run.out().contains("sent 2 end markers"), run.toString());
        assertTrue(run.out().contains("consumed 20000 items; per consumer ["), run.toString());
        assertTrue(run.out().contains("throughput: "), run.toString());
        assertTrue(run.lines().contains("checksum OK (count 20000, sum 199990000)"), run.toString());
        assertTrue(run.out().indexOf("producers done") < run.out().indexOf("checksum OK"), run.toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("host localhost: 2 producers \\(20000 items put\\), "
                + "2 consumers \\(20000 items taken, \\d+ items/s\\)")), "one line per host: " + run);
    }

    @Test
    void theQueueOptionChoosesTheTransportOverTheSetting() {
        System.setProperty("ipc4j.queue", "carrier-pigeon");
        try {
            CommandRun run = CommandRun.of("cluster", "--queue", "broker", "--items", "2000");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.lines().contains("queue transport: broker"), run.toString());
            assertTrue(run.lines().contains("checksum OK (count 2000, sum 1999000)"), run.toString());
        } finally {
            System.clearProperty("ipc4j.queue");
        }
    }

    @Test
    void anUnknownQueueTransportIsOneLineNamingTheSettingAndTheTransportsFound() {
        CommandRun run = CommandRun.of("cluster", "--queue", "carrier-pigeon");
        assertEquals(1, run.exitCode(), run.toString());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), run.toString());
        assertTrue(err.contains("ipc4j.queue") && err.contains("'carrier-pigeon'") && err.contains("broker"),
                run.toString());
        assertEquals("", run.out(), "nothing ran: " + run);
    }

    @Test
    void unevenSplitOverMoreProducersThanConsumersStillAddsUp() {
        CommandRun run = CommandRun.of("cluster", "--producers", "3", "--consumers", "1", "--items", "1001");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.lines().contains("consumed 1001 items; per consumer [1001]"), run.toString());
        assertTrue(run.lines().contains("checksum OK (count 1001, sum 500500)"), run.toString());
    }

    @Test
    void consumersKilledAtRandomWhileProducersRunDeliverNothingTwice() {
        CommandRun run = CommandRun.of("cluster", "--producers", "2", "--consumers", "3", "--items", "400000",
                "--chaos", "--chaos-interval-ms", "150");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("chaos: killed consumer-"), run.toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("chaos: killed and replaced [1-9]\\d* consumers")),
                run.toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("checksum OK")), run.toString());
        assertFalse(run.out().contains("FAILED"), run.toString());
    }

    @Test
    void chronicleQueuesCarryTheClusterWithConsumersKilledAtRandom() {
        CommandRun run = CommandRun.of("cluster", "--queue", "chronicle", "--producers", "2", "--consumers", "3",
                "--items", "300000", "--chaos", "--chaos-interval-ms", "200");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.lines().contains("queue transport: chronicle"), run.toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.matches("chaos: killed and replaced [1-9]\\d* consumers")),
                run.toString());
        assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("checksum OK")), run.toString());
        assertFalse(run.out().contains("FAILED"), run.toString());
    }

    @Test
    void rejectsAClusterWithoutProducers() {
        CommandRun run = CommandRun.of("cluster", "--producers", "0");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--producers must be at least 1"), run.toString());
    }
}
