package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every numeric option refuses a value below its bound with one line naming it, and exit code 2. */
@Timeout(60)
class OptionChecksTest {
    /** subcommand, option, a value it must refuse. */
    private static final String[][] BAD = {
        {"bounded-semaphore", "--workers", "0"},
        {"condition-fibonacci", "--numbers", "3,-1"},
        {"daemon-threads", "--delay-ms", "-1"},
        {"daemon-threads", "--bound-ms", "0"},
        {"deposit-withdraw", "--times", "-5"},
        {"perform-transactions", "--runs", "0"},
        {"perform-transactions", "--times", "-1"},
        {"event", "--delay-ms", "-1"},
        {"producers-consumers", "--producers", "0"},
        {"producers-consumers", "--consumers", "0"},
        {"producer-consumer", "--max-delay-ms", "-1"},
        {"pipe-conversation", "--delay-ms", "-1"},
        {"pool-apply", "--processes", "0"},
        {"pool-apply", "--tasks", "0"},
        {"pool-apply", "--min-ms", "-1"},
        {"pool-apply", "--max-ms", "-1"},
        {"pool-counters", "--add-processes", "0"},
        {"pool-counters", "--sub-processes", "0"},
        {"pool-counters", "--steps", "-1"},
        {"pool-mapreduce", "--processes", "0"},
        {"pool-mapreduce", "--n", "0"},
        {"pool-mapreduce", "--sizes", "10,0"},
        {"pool-performance", "--items", "0"},
        {"pool-performance", "--processes", "-1"},
        {"pool-producers-consumers", "--producers", "0"},
        {"pool-producers-consumers", "--consumers", "0"},
        {"pool-squares", "--processes", "0"},
        {"manager-fibonacci", "--values", "-1"},
        {"manager-fibonacci", "--consumers", "0"},
        {"manager-fibonacci", "--get-timeout-ms", "-1"},
        {"pool-work-log", "--unit-ms", "-1"},
        {"random-numbers", "--processes", "-1"},
        {"semaphore", "--workers", "0"},
        {"semaphore", "--permits", "0"},
        {"semaphore", "--permits", "-1"},
        {"semaphore", "--work-ms", "-1"},
        {"square-cube", "--delay-ms", "-1"},
        {"threads-square-cube", "--delay-ms", "-1"},
        {"timer", "--delay-ms", "-1"},
        {"thread-join", "--delay-ms", "-1"},
        {"thread-calc", "--n", "-1"},
        {"pipe-hello-world", "--delay-ms", "-1"},
        {"soak", "--minutes", "-1"},
        {"soak", "--seconds", "-1"},
        {"soak", "--every", "-1"},
        {"cluster", "--producers", "0"},
        {"cluster", "--consumers", "0"},
        {"cluster", "--items", "-1"},
        {"cluster", "--timeout-seconds", "0"},
        {"cluster", "--chaos-interval-ms", "0"},
    };

    @Test
    void eachNumericOptionRefusesABadValueInOneLineNamingIt() {
        List<String> wrong = new ArrayList<>();
        for (String[] bad : BAD) {
            CommandRun run = CommandRun.of(bad);
            String line = bad[0] + ": " + bad[1] + " must be at least";
            if (run.exitCode() != 2 || !run.err().startsWith(line) || run.err().strip().lines().count() != 1
                    || !run.out().isEmpty()) {
                wrong.add(String.join(" ", bad) + " -> " + run);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void optionsThatMustAgreeAreAUsageErrorNamingTheOption() {
        CommandRun run = CommandRun.of("producers-consumers", "--producers", "1", "--consumers", "2");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("producers-consumers: --consumers must be at most --producers (1), not 2"),
                run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.toString());
    }

    /** A numeric option added later without a row above (and so perhaps without a bound) fails here. */
    @Test
    void theTableCoversEveryNumericOptionOfEverySubcommand() {
        Set<String> numeric = new TreeSet<>();
        CommandLine main = Main.commandLine();
        main.getSubcommands().forEach((name, sub) -> {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                Class<?> type = o.auxiliaryTypes()[0];
                boolean number = type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type);
                if (number && !o.isMultiValue()) {
                    numeric.add(name + " " + o.longestName());
                }
            }
        });
        Set<String> covered = new TreeSet<>();
        for (String[] bad : BAD) {
            covered.add(bad[0] + " " + bad[1]);
        }
        numeric.removeAll(covered);
        assertEquals(Set.of(), numeric, "numeric options missing from the table");
    }
}
