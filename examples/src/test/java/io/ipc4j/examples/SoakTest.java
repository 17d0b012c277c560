package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A short soak: a coordinator making and dropping pipes, values, locks and queues for 20
 * seconds keeps its file descriptors, threads and mappings flat after warm-up.
 */
@Timeout(180)
class SoakTest {
    private static final Pattern FIGURES = Pattern.compile("fds=(\\d+) threads=(\\d+) maps=(\\d+)");

    private static int[] figures(CommandRun run, String prefix) {
        String line = run.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in\n" + run));
        Matcher m = FIGURES.matcher(line);
        assertTrue(m.find(), line);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    @Test
    void twentySecondsOfMakingAndDroppingStayFlat() {
        CommandRun run = CommandRun.of("soak", "--seconds", "20", "--every", "2");
        assertEquals(0, run.exitCode(), run.toString());
        int[] warm = figures(run, "soak after warm-up:");
        int[] end = figures(run, "soak at the end:");
        assertTrue(end[0] <= warm[0] + 16, "file descriptors grew\n" + run);
        assertTrue(end[1] <= warm[1] + 8, "threads grew\n" + run);
        assertTrue(end[2] <= warm[2] + 64, "mappings grew\n" + run);
        Matcher rounds = Pattern.compile("soak end rounds=(\\d+)").matcher(run.out());
        assertTrue(rounds.find() && Integer.parseInt(rounds.group(1)) > 10, "hardly any rounds ran\n" + run);
    }
}
