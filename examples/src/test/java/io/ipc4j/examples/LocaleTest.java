package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers the demos print read the same under a locale that writes a decimal comma. */
@Timeout(120)
class LocaleTest {
    private static final Pattern DECIMAL_COMMA = Pattern.compile("\\d,\\d");

    @Test
    void printedNumbersDoNotFollowTheLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            List<List<String>> runs = List.of(
                    List.of("threads-square-cube", "--delay-ms", "1"),
                    List.of("array-squares", "--doubles"),
                    List.of("pool-apply", "--tasks", "2", "--processes", "2"),
                    List.of("soak", "--seconds", "1", "--every", "1"));
            for (List<String> args : runs) {
                CommandRun run = CommandRun.of(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), run.toString());
                assertTrue(run.out().lines().noneMatch(l -> DECIMAL_COMMA.matcher(l).find()), run.toString());
                assertTrue(run.out().lines().anyMatch(l -> l.matches(".*\\d\\.\\d.*")), run.toString());
            }
        } finally {
            Locale.setDefault(before);
        }
    }
}
