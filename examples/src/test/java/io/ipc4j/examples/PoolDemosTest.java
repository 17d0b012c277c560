package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Pool demos, each on a pool of at most two worker JVMs. */
@Timeout(120)
class PoolDemosTest {
    private static final Pattern WORKER_PID = Pattern.compile("Worker process id for (\\d+): (\\d+)");

    @Test
    void theUsageListsEveryPoolDemo() {
        CommandRun run = CommandRun.of();
        for (String name : List.of("pool-squares", "pool-work-log", "pool-apply", "pool-counters", "pool-mapreduce",
                "pool-producers-consumers", "pool-performance")) {
            assertTrue(run.err().contains("  " + name + " "), name + " missing from\n" + run);
        }
    }

    @Test
    void squaresComeBackInOrderFromWorkerProcesses() {
        CommandRun run = CommandRun.of("pool-squares", "--processes", "2");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        long main = Long.parseLong(lines.get(0).substring("ID of main process: ".length()));
        Set<Integer> squared = new HashSet<>();
        Set<Long> pids = new HashSet<>();
        for (String line : lines) {
            Matcher m = WORKER_PID.matcher(line);
            if (m.matches()) {
                squared.add(Integer.parseInt(m.group(1)));
                pids.add(Long.parseLong(m.group(2)));
            }
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), squared, run.toString());
        assertTrue(pids.size() >= 1 && pids.size() <= 2, run.toString());
        assertTrue(!pids.contains(main), run.toString());
        assertEquals("[1, 4, 9, 16, 25]", lines.get(lines.size() - 1), run.toString());
        assertEquals(7, lines.size(), run.toString());
    }

    @Test
    void aThreadPoolSquaresInThisProcess() {
        CommandRun run = CommandRun.of("pool-squares", "--thread-pool", "--processes", "4", "--numbers", "1,2,3,4,5,6");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        String main = lines.get(0).substring("ID of main process: ".length());
        long workerLines = lines.stream().filter(l -> WORKER_PID.matcher(l).matches()).count();
        assertEquals(6, workerLines, run.toString());
        assertTrue(lines.stream().filter(l -> l.startsWith("Worker")).allMatch(l -> l.endsWith(": " + main)),
                run.toString());
        assertEquals("[1, 4, 9, 16, 25, 36]", lines.get(lines.size() - 1), run.toString());
    }

    /**
     * The two workers start cold, and on a loaded machine one may be up a good while before
     * the other: the unit is long enough (A's job lasts 1.5 s) that the second is up before
     * the first has finished A, as the demo's order assumes (with 50 ms units, A once ended
     * before the second worker took B). The first two lines come from two workers, which
     * no wait orders, so they rest on a margin too: B's end comes 600 ms after both starts.
     */
    @Test
    void twoWorkersTakeTheNextJobAsSoonAsTheyAreFree() {
        CommandRun run = CommandRun.of("pool-work-log", "--unit-ms", "300");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(9, lines.size(), run.toString());
        assertEquals("[null, null, null, null]", lines.get(8), run.toString());
        assertEquals(Set.of(" Process A waiting 5 seconds", " Process B waiting 2 seconds"), Set.copyOf(lines.subList(0, 2)),
                "A and B start at once, one on each worker\n" + run);
        for (String name : List.of("A", "B", "C", "D")) {
            assertTrue(at(lines, name + " waiting") < at(lines, name + " Finished."), run.toString());
        }
        int running = 0;
        for (String line : lines.subList(0, 8)) {
            running += line.endsWith("seconds") ? 1 : -1;
            assertTrue(running >= 0 && running <= 2, "never more than two jobs at once\n" + run);
        }
    }

    private static int at(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(" Process " + part)) {
                return i;
            }
        }
        throw new AssertionError("no line ' Process " + part + "' in " + lines);
    }

    @Test
    void applyAsyncRunsSideBySideAndApplyOneAfterAnother() {
        CommandRun run = CommandRun.of("pool-apply", "--processes", "2");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> numbers = run.lines().stream().filter(l -> l.matches("\\d+")).toList();
        assertEquals(16, numbers.size(), run.toString());
        assertEquals(Set.of("0", "1", "2", "3", "4", "5", "6", "7"), Set.copyOf(numbers.subList(0, 8)), run.toString());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7"), numbers.subList(8, 16), run.toString());
        assertTrue(run.lines().get(run.lines().size() - 1).matches("apply_async took [0-9.]+ ms, apply took [0-9.]+ ms"),
                run.toString());
    }

    @Test
    void starmapAsyncCountersEndRightUnderALock() {
        CommandRun run = CommandRun.of("pool-counters", "--add-processes", "2", "--sub-processes", "1",
                "--steps", "100");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(2, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("without a lock: -?\\d+"), run.toString());
        assertEquals("with a lock: 200", lines.get(1), run.toString());

        CommandRun failed = CommandRun.of("pool-counters", "--add-processes", "1", "--sub-processes", "1",
                "--steps", "10", "--fail", "sub");
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.out().contains("sub fails on purpose (--fail sub)"), "no error callback\n" + failed);
        assertTrue(failed.out().contains("with a lock: 20"), failed.toString());
    }

    @Test
    void mapReduceOnAPoolEqualsTheSerialLoopAndSaysWhyAndWhereThePoolWins() {
        CommandRun run = CommandRun.of("pool-mapreduce", "--processes", "2", "--n", "3000", "--sizes", "2000,4000");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(7, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("Pool took: \\[\\d+\\.\\d{3}] s"), run.toString());
        assertTrue(lines.get(1).matches("Serial took: \\[\\d+\\.\\d{3}] s"), run.toString());
        assertEquals("Difference between two results: 0", lines.get(2), run.toString());
        assertTrue(lines.get(3).matches("Why: of the pool's \\d+\\.\\d{3} s, the same map on the started pool takes "
                + "\\d+\\.\\d{3} s; the rest is starting and closing 2 worker JVMs .*"), run.toString());
        assertEquals("On the started pool, against the serial loop:", lines.get(4), run.toString());
        for (int i = 0; i < 2; i++) {
            assertTrue(lines.get(5 + i).matches("  n=" + (2000 * (i + 1)) + ": pool \\d+\\.\\d{3} s, serial "
                    + "\\d+\\.\\d{3} s: the (pool|serial loop) wins"), run.toString());
        }
    }

    @Test
    void poolProducersAndConsumersOverAManagerQueueMoveEveryProductOnce() {
        CommandRun run = CommandRun.of("pool-producers-consumers", "--producers", "2", "--consumers", "2");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> seen = consumed(run, "[01]");
        assertEquals(10, seen.size(), run.toString());
        assertEquals(Set.of("0/0", "1/0", "2/0", "3/0", "4/0", "0/1", "1/1", "2/1", "3/1", "4/1"), Set.copyOf(seen),
                run.toString());
        for (String exit : List.of("producer 0 exits", "producer 1 exits", "consumer 0 exits", "consumer 1 exits")) {
            assertTrue(run.lines().contains(exit), exit + " missing from\n" + run);
        }
    }

    /** A producer that fails owes the consumers its end marker: its error callback puts it, so they end at once. */
    @Test
    void aFailedPoolProducerReachesTheCallbackAndTheConsumersStillEnd() {
        long start = System.nanoTime();
        CommandRun run = CommandRun.of("pool-producers-consumers", "--producers", "2", "--consumers", "1",
                "--fail", "producer-1");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, run.exitCode(), "a failed producer fails the demo\n" + run);
        assertTrue(tookMillis < 20_000, "took " + tookMillis + " ms\n" + run);
        List<String> seen = consumed(run, "0");
        assertEquals(5, seen.size(), run.toString());
        assertEquals(Set.of("0/0", "1/0", "2/0", "3/0", "4/0"), Set.copyOf(seen), run.toString());
        for (String exit : List.of("producer 0 exits", "consumer 0 exits")) {
            assertTrue(run.lines().contains(exit), exit + " missing from\n" + run);
        }
        assertTrue(run.out().contains("error_callback: java.lang.IllegalStateException: producer-1 fails on purpose "
                + "(--fail producer-1)"), run.toString());
        assertTrue(run.out().contains("Caused by: io.ipc4j.RemoteTraceback"), run.toString());
        assertTrue(run.out().contains("at io.ipc4j.examples.PoolProducersConsumers.producer("), run.toString());
    }

    /** "product/producer" of each line saying a consumer (of those {@code consumers} matches) took it. */
    private static List<String> consumed(CommandRun run, String consumers) {
        Pattern consumed = Pattern.compile("product (\\d) from producer (\\d) consumed by consumer " + consumers);
        List<String> seen = new ArrayList<>();
        for (String line : run.lines()) {
            Matcher m = consumed.matcher(line);
            if (m.matches()) {
                seen.add(m.group(1) + "/" + m.group(2));
            }
        }
        return seen;
    }

    @Test
    void poolMapAndAPlainLoopAgreeAndBothAreTimed() {
        CommandRun run = CommandRun.of("pool-performance", "--items", "200000", "--processes", "2");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(3, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("Time to complete : \\d+\\.\\d{3} s \\(pool of 2\\)"), run.toString());
        assertTrue(lines.get(1).matches("Plain loop : \\d+\\.\\d{3} s"), run.toString());
        assertEquals("Last square: " + 199_999L * 199_999L, lines.get(2), run.toString());
        assertNotEquals(0, 199_999L * 199_999L / Integer.MAX_VALUE, "the last square does not fit an int");
    }

    @Test
    void serialLoopSquaresTheList() {
        CommandRun run = CommandRun.of("serial-squares");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("[1, 4, 9, 16, 25]"), run.lines(), run.toString());
    }
}
