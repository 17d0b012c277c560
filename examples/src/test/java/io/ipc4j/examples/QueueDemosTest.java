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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos that pass data through queues. */
@Timeout(120)
class QueueDemosTest {

    @Test
    void squaresPutByAChildComeOutInTheParentInOrder() {
        CommandRun run = CommandRun.of("shared-queue");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("4", "9", "25"), run.lines(), run.toString());
    }

    @Test
    void aListWithNullTravelsThroughAQueue() {
        CommandRun run = CommandRun.of("queue-list");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("[42, null, hello]"), run.lines(), run.toString());
    }

    @Test
    void oneChildFillsTheQueueAndAnotherEmptiesIt() {
        CommandRun run = CommandRun.of("queue-between-children");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("Queue elements:", "1", "4", "9", "16", "Queue is now empty!"), run.lines(),
                run.toString());
    }

    @Test
    void colorsComeBackOutInTheOrderTheyWentIn() {
        CommandRun run = CommandRun.of("queue-colors");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        List<String> popped = lines.subList(lines.indexOf("popping items from queue:") + 1, lines.size());
        assertEquals(List.of("item no: 0 red", "item no: 1 green", "item no: 2 blue", "item no: 3 black"), popped,
                run.toString());
    }

    @Test
    void eachChildContributesOneRandomNumber() {
        CommandRun run = CommandRun.of("random-numbers", "--processes", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.lines().size(), run.toString());
        String line = run.lines().get(0);
        assertTrue(line.startsWith("[") && line.endsWith("]"), run.toString());
        String[] numbers = line.substring(1, line.length() - 1).split(", ");
        assertEquals(2, numbers.length, run.toString());
        for (String n : numbers) {
            double d = Double.parseDouble(n);
            assertTrue(d >= 0 && d < 1, run.toString());
        }
    }

    @Test
    void consumerPrintsEveryProductInOrderAndStopsAtTheEndMarker() {
        CommandRun run = CommandRun.of("producer-consumer");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> products = run.lines().stream().filter(l -> l.matches("\\d+")).toList();
        assertEquals(List.of("0", "1", "2", "3", "4"), products, run.toString());
        assertTrue(run.lines().contains("producer exits"), run.toString());
        assertTrue(run.lines().contains("consumer exits"), run.toString());
        assertTrue(run.lines().indexOf("4") < run.lines().indexOf("consumer exits"), run.toString());
    }

    @Test
    void poolProducersAndConsumersConsumeEachProductAtMostOnceAndCountWhatIsLeft() {
        CommandRun run = CommandRun.of("producers-consumers", "--producers", "2", "--consumers", "2");
        assertEquals(0, run.exitCode(), run.toString());
        Pattern consumed = Pattern.compile("product (\\d) from producer (\\d) consumed by consumer [01]");
        List<String> seen = new ArrayList<>();
        for (String line : run.lines()) {
            Matcher m = consumed.matcher(line);
            if (m.matches()) {
                seen.add(m.group(1) + "/" + m.group(2));
            }
        }
        assertEquals(seen.size(), Set.copyOf(seen).size(), "a product consumed twice\n" + run);
        Matcher left = Pattern.compile("(\\d+) products left in the queue").matcher(run.out());
        assertEquals(10, seen.size() + (left.find() ? Integer.parseInt(left.group(1)) : 0), run.toString());
        for (String exit : List.of("producer 0 exits", "producer 1 exits", "consumer 0 exits", "consumer 1 exits")) {
            assertTrue(run.lines().contains(exit), exit + " missing from\n" + run);
        }

        long start = System.nanoTime();
        CommandRun failed = CommandRun.of("producers-consumers", "--fail", "producer-1");
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.out().contains("producer-1 fails on purpose (--fail producer-1)"), failed.toString());
        assertTrue(failed.lines().contains("consumer 0 exits") && failed.lines().contains("consumer 1 exits"),
                failed.toString());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "a consumer waited for the failed producer\n" + failed);
    }
}
