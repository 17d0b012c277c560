package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos about starting, identifying and joining processes. */
@Timeout(120)
class ProcessDemosTest {

    @Test
    void helloProcessPrintsInTheParentThenInTheChild() {
        CommandRun run = CommandRun.of("hello-process");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("this is my main program", "This is my multiprocessing prog", "hello world, bob"),
                run.lines(), run.toString());
    }

    @Test
    void squareAndCubeRunInTwoProcessesAndFinishBeforeDone() {
        CommandRun run = CommandRun.of("square-cube");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(List.of("square 4", "square 9", "square 64", "square 256", "square 1024", "square 1681",
                "square 2809"), linesStartingWith(lines, "square "), run.toString());
        assertEquals(List.of("cube 8", "cube 27", "cube 512", "cube 4096", "cube 32768", "cube 68921",
                "cube 148877"), linesStartingWith(lines, "cube "), run.toString());
        assertEquals("Done!", lines.get(lines.size() - 2), run.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("Tasks done in "), run.toString());
    }

    @Test
    void childChangesToStaticFieldsDoNotReachTheParent() {
        CommandRun run = CommandRun.of("global-variable");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertTrue(lines.contains("Inside the process - square_result : [4, 9, 64, 256]"), run.toString());
        assertTrue(lines.contains("Inside the process - data : {Status=true}"), run.toString());
        assertTrue(lines.contains("Outside the process - square_result : []"), run.toString());
        assertTrue(lines.contains("Outside the process - data : {}"), run.toString());
        assertTrue(GlobalVariableNotShared.SQUARE_RESULT.isEmpty());
        assertTrue(GlobalVariableNotShared.DATA.isEmpty());
    }

    @Test
    void eachWorkerRunsUnderThePidItsParentReports() {
        CommandRun run = CommandRun.of("process-ids");
        assertEquals(0, run.exitCode(), run.toString());
        String out = run.out();
        long main = number(out, "ID of main process: (\\d+)");
        long p1 = number(out, "ID of process p1: (\\d+)");
        long p2 = number(out, "ID of process p2: (\\d+)");
        assertEquals(ProcessHandle.current().pid(), main, run.toString());
        assertEquals(p1, number(out, "ID of process running worker1: (\\d+)"), run.toString());
        assertEquals(p2, number(out, "ID of process running worker2: (\\d+)"), run.toString());
        assertEquals(3, Set.of(main, p1, p2).size(), run.toString());
        assertTrue(run.lines().contains("Process p1 is alive: false"), run.toString());
        assertTrue(run.lines().contains("Process p2 is alive: false"), run.toString());
    }

    @Test
    void eachContinentIsPrintedByItsOwnProcess() {
        CommandRun run = CommandRun.of("continents");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Set.of("The name of continent is : America", "The name of continent is : Europe",
                "The name of continent is : Africa"), Set.copyOf(run.lines()), run.toString());
        assertEquals(3, run.lines().size(), run.toString());
    }

    static List<String> linesStartingWith(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in\n" + text);
        long n = Long.parseLong(m.group(1));
        assertNotEquals(0, n);
        return n;
    }
}
