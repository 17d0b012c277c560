package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos of shared values, arrays, locks, semaphores, events and conditions. */
@Timeout(120)
class SharedMemoryDemosTest {

    @Test
    void depositAndWithdrawWithALockAlwaysEndAt200() {
        for (String lock : List.of("acquire", "with")) {
            CommandRun run = CommandRun.of("deposit-withdraw", "--lock", lock, "--times", "20000");
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(List.of("200"), run.lines(), run.toString());
        }
    }

    @Test
    void depositAndWithdrawWithoutALockRaceButRun() {
        CommandRun run = CommandRun.of("deposit-withdraw", "--lock", "none", "--times", "20000");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.lines().size(), run.toString());
        int balance = Integer.parseInt(run.lines().get(0));
        assertTrue(balance >= 200 - 20000 && balance <= 200 + 20000, run.toString());
    }

    @Test
    void performTransactionsPrintsAFinalBalancePerRunAndWithTheLockAlways100() {
        CommandRun locked = CommandRun.of("perform-transactions", "--lock", "--runs", "4");
        assertEquals(0, locked.exitCode(), locked.toString());
        assertEquals(Collections.nCopies(4, "Final balance = 100"), locked.lines(), locked.toString());
        CommandRun race = CommandRun.of("perform-transactions", "--runs", "2");
        assertEquals(0, race.exitCode(), race.toString());
        assertEquals(2, race.lines().size(), race.toString());
        for (String line : race.lines()) {
            assertTrue(line.matches("Final balance = -?\\d+"), race.toString());
            int balance = Integer.parseInt(line.substring("Final balance = ".length()));
            assertTrue(balance >= 100 - 10000 && balance <= 100 + 10000, race.toString());
        }
    }

    @Test
    void childFillsSharedArrayAndValue() {
        CommandRun run = CommandRun.of("array-squares", "--value");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("[4, 9, 25]", "3.54"), run.lines(), run.toString());
        CommandRun doubles = CommandRun.of("array-squares", "--doubles", "--numbers", "1,2,3,4");
        assertEquals(0, doubles.exitCode(), doubles.toString());
        assertTrue(doubles.out().contains("square of [4] is [16.0]"), doubles.toString());
        assertTrue(doubles.out().contains("In the main process: [1.0, 4.0, 9.0, 16.0]"), doubles.toString());
    }

    @Test
    void squareSumIsSeenByChildAndParent() {
        CommandRun run = CommandRun.of("square-sum");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("Result(in process p1): [1, 4, 9, 16]", "Sum of squares(in process p1): 30",
                "Result(in main program): [1, 4, 9, 16]", "Sum of squares(in main program): 30"), run.lines(),
                run.toString());
    }

    @Test
    void semaphoreLimitsHowManyWorkAtOnce() {
        CommandRun run = CommandRun.of("semaphore", "--workers", "3", "--permits", "2", "--work-ms", "200");
        assertEquals(0, run.exitCode(), run.toString());
        Matcher m = Pattern.compile("at most (\\d) of 3 workers at once, with 2 permits").matcher(run.out());
        assertTrue(m.find(), run.toString());
        assertTrue(Integer.parseInt(m.group(1)) <= 2, run.toString());
        assertEquals(3, run.out().split("sends its request", -1).length - 1, run.toString());
    }

    @Test
    void boundedSemaphoreRefusesTheSecondRelease() {
        CommandRun run = CommandRun.of("bounded-semaphore", "--workers", "2");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2, run.out().split("Request sent", -1).length - 1, run.toString());
        assertEquals(2, run.out().split("release refused", -1).length - 1, run.toString());
        assertTrue(run.out().contains("value after all workers: 3"), run.toString());
    }

    @Test
    void eventWakesBothWaiters() {
        CommandRun run = CommandRun.of("event", "--delay-ms", "100");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("Hello world", "Hello world"), run.lines(), run.toString());
    }

    @Test
    void conditionFibonacciConsumersAllWaitThenComputeEveryNumber() {
        CommandRun run = CommandRun.of("condition-fibonacci");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Result: {3=2, 10=55, 5=5, 7=13}"), run.toString());
        assertEquals(4, run.out().split("fibonacci of key", -1).length - 1, run.toString());
        // A consumer counts itself waiting after it prints so; the coordinator's notice may
        // still be printed before that line is copied from the child, so only each consumer's
        // own lines are in a set order.
        List<String> lines = run.lines();
        assertTrue(indexOf(lines, "Notifying fibonacci_task processes") >= 0, run.toString());
        for (int i = 1; i <= 4; i++) {
            String consumer = "[fibonacci_task_process" + i + "]";
            int waited = indexOf(lines, consumer + " - waiting for elements in queue...");
            int computed = indexOf(lines, consumer + " fibonacci of key");
            assertTrue(waited >= 0 && (computed < 0 || waited < computed), "consumer " + i + " did not wait first\n" + run);
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void childSetsPiAndNegatesTheArray() {
        CommandRun run = CommandRun.of("value-array");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("3.1415927", "[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]"), run.lines(), run.toString());
    }

    @Test
    void everyProcessGreetsOnceUnderTheLock() {
        CommandRun run = CommandRun.of("lock-greeting", "--names", "Alex,Sam,Jude");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(java.util.Set.of("hello Alex", "hello Sam", "hello Jude"), java.util.Set.copyOf(run.lines()),
                run.toString());
        assertEquals(3, run.lines().size(), run.toString());
    }
}
