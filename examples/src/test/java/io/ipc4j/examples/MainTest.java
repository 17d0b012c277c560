package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top command: usage, help, and the list of subcommands. */
@Timeout(120)
class MainTest {
    static final List<String> SUBCOMMANDS = List.of("hello-process", "square-cube", "global-variable",
            "process-ids", "continents", "shared-queue", "queue-list", "queue-between-children", "queue-colors",
            "random-numbers", "producer-consumer", "producers-consumers", "pipe-hello", "pipe-pids",
            "pipe-messages", "pipe-conversation", "cluster", "deposit-withdraw", "array-squares", "square-sum",
            "semaphore", "bounded-semaphore", "event", "condition-fibonacci", "threads-square-cube",
            "daemon-threads", "timer", "soak",
            "perform-transactions", "thread-join", "thread-hello", "thread-calc", "thread-dict", "value-array",
            "lock-greeting", "pipe-hello-world", "serial-squares");

    @Test
    void withoutSubcommandPrintsUsageListingEveryDemoAndFails() {
        CommandRun run = CommandRun.of();
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("Usage: ipc4j-examples"), run.toString());
        for (String name : SUBCOMMANDS) {
            assertTrue(run.err().contains("  " + name + " "), name + " missing from\n" + run);
        }
    }

    @Test
    void helpForOneSubcommandShowsItsOptions() {
        CommandRun run = CommandRun.of("help", "cluster");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("--producers"), run.toString());
        assertTrue(run.out().contains("--items"), run.toString());
    }

    @Test
    void aBadOptionValueIsOneLineAndAUsageError() {
        CommandRun run = CommandRun.of("cluster", "--items", "many");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--items"), run.toString());
        assertTrue(run.err().contains("many"), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.toString());
    }

    @Test
    void aConfigurationErrorIsOneLineNamingTheSettingAndVerboseAddsTheTrace() {
        System.setProperty("ipc4j.channel", "carrier-pigeon");
        try {
            CommandRun run = CommandRun.of("hello-process");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.err().contains("ipc4j.channel"), run.toString());
            assertTrue(run.err().contains("carrier-pigeon"), run.toString());
            assertTrue(run.err().lines().noneMatch(l -> l.startsWith("\tat ")), run.toString());
            CommandRun verbose = CommandRun.of("--verbose", "hello-process");
            assertEquals(1, verbose.exitCode(), verbose.toString());
            assertTrue(verbose.err().lines().anyMatch(l -> l.startsWith("\tat ")), verbose.toString());
        } finally {
            System.clearProperty("ipc4j.channel");
        }
    }

    @Test
    void unknownSubcommandFails() {
        CommandRun run = CommandRun.of("no-such-demo");
        assertEquals(2, run.exitCode(), run.toString());
    }
}
