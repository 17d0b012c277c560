package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos of seeds 001 and 003 whose processes share a dict or a list held by a manager process. */
@Timeout(120)
class ManagerDemosTest {
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - ";
    private static final Pattern PUT = Pattern.compile(STAMP + "Producer \\[(.+)] putting value \\[(\\d+)] into queue\\.\\. ");
    private static final Pattern GOT = Pattern.compile(STAMP + "consumer \\[(.+)] getting value \\[(\\d+)] from queue\\.\\.\\.");
    private static final Pattern DICT = Pattern.compile(STAMP + "\\{(.*)}");

    @Test
    void theProducerAndEveryConsumerWriteIntoTheOneManagerDict() {
        // A get that outlasts the seed's 0.05 s on a loaded machine would end a consumer with numbers left
        CommandRun run = CommandRun.of("manager-fibonacci", "--values", "15", "--consumers", "2",
                "--get-timeout-ms", "2000");
        assertEquals(0, run.exitCode(), run.toString());
        List<Integer> put = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        Set<String> producers = new HashSet<>();
        Set<String> consumers = new HashSet<>();
        Map<Integer, Long> dict = null;
        for (String line : run.lines()) {
            Matcher p = PUT.matcher(line);
            Matcher g = GOT.matcher(line);
            Matcher d = DICT.matcher(line);
            if (p.matches()) {
                producers.add(p.group(1));
                put.add(Integer.parseInt(p.group(2)));
            } else if (g.matches()) {
                consumers.add(g.group(1));
                got.add(Integer.parseInt(g.group(2)));
            } else if (d.matches()) {
                dict = parse(d.group(1));
            } else {
                throw new AssertionError("unexpected line '" + line + "' in\n" + run);
            }
        }
        assertEquals(15, put.size(), run.toString());
        assertTrue(put.stream().allMatch(v -> v >= 1 && v <= 20), run.toString());
        assertEquals(sorted(put), sorted(got), "every number consumed once\n" + run);
        assertEquals(1, producers.size(), run.toString());
        assertTrue(consumers.stream().noneMatch(producers::contains), "consumers are other processes\n" + run);
        assertTrue(dict != null, "no dict printed\n" + run);
        assertEquals(Set.copyOf(put), dict.keySet(), "the producer's keys, seen by the main process\n" + run);
        dict.forEach((k, v) -> assertEquals(fibonacci(k), v, "the consumers' value of " + k + "\n" + run));
        assertTrue(run.lines().get(run.lines().size() - 1).matches(DICT.pattern()), "the dict comes last\n" + run);
    }

    /** Without {@code --consumers} there is one per CPU, a default the bound check leaves alone. */
    @Test
    void withNoValuesAndTheDefaultConsumersTheDictIsEmpty() {
        CommandRun run = CommandRun.of("manager-fibonacci", "--values", "0");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.lines().size(), run.toString());
        assertTrue(run.lines().get(0).matches(STAMP + "\\{}"), run.toString());
    }

    @Test
    void aRecordOneChildAddsIsPrintedByTheOther() {
        CommandRun run = CommandRun.of("manager-records");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("New record added!", "",
                "Name: Sam", "Score: 10", "",
                "Name: Adam", "Score: 9", "",
                "Name: Kevin", "Score: 9", "",
                "Name: Jeff", "Score: 8", ""), run.lines(), run.toString());
    }

    private static Map<Integer, Long> parse(String entries) {
        Map<Integer, Long> dict = new HashMap<>();
        if (!entries.isEmpty()) {
            for (String entry : entries.split(", ")) {
                String[] kv = entry.split("=");
                dict.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
        }
        return dict;
    }

    private static long fibonacci(int n) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < n; i++) {
            long next = a + b;
            a = b;
            b = next;
        }
        return a;
    }

    private static List<Integer> sorted(List<Integer> values) {
        return values.stream().sorted().toList();
    }
}
