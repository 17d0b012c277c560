package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When one side of a demo fails (made to throw with the hidden {@code --fail PROCESS}), the demo ends the
 * sides waiting for it and exits with 1 within a few seconds, naming the side that failed and why; before,
 * the partners waited the full 60 s, or for ever when the main process was the one that failed.
 */
@Timeout(150)
class FailingSideTest {
    /** Well under {@link Children#WAIT}: what "within a few seconds" allows on a loaded machine. */
    private static final Duration QUICK = Duration.ofSeconds(20);

    /** args, then what stderr must say. */
    private static final String[][] CASES = {
        {"event --fail waiter-1", "process waiter-1 failed with exit code 1; ending waiter-2"},
        {"event --fail MainProcess", "the main process stopped early; ending waiter-1, waiter-2"},
        {"producer-consumer --fail producer", "process producer failed with exit code 1; ending consumer"},
        {"pipe-conversation --fail writer", "process writer failed with exit code 1; ending reader"},
        {"semaphore --workers 3 --permits 3 --work-ms 30000 --fail worker-0",
            "process worker-0 failed with exit code 1; ending "},
    };

    @Test
    void aFailingSideEndsItsPartnersQuicklyAndIsNamed() {
        List<String> wrong = new ArrayList<>();
        for (String[] c : CASES) {
            String[] args = c[0].split(" ");
            String failing = args[args.length - 1];
            long start = System.nanoTime();
            CommandRun run = CommandRun.of(args);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boolean why = run.err().contains(failing + " fails on purpose (--fail " + failing + ")");
            if (run.exitCode() != 1 || !run.err().contains(c[1]) || !why || took.compareTo(QUICK) > 0) {
                wrong.add(c[0] + " took " + took.toMillis() + " ms -> " + run);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
