package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demos that pass messages through pipes. */
@Timeout(120)
class PipeDemosTest {

    @Test
    void childSendsAListToTheParent() {
        CommandRun run = CommandRun.of("pipe-hello");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("[hello world]"), run.lines(), run.toString());
    }

    @Test
    void valueCrossesThePipeBetweenTwoOtherProcesses() {
        CommandRun run = CommandRun.of("pipe-pids");
        assertEquals(0, run.exitCode(), run.toString());
        Matcher sent = Pattern.compile("Value \\[(\\d+)] sent by PID \\[(\\d+)]").matcher(run.out());
        Matcher received = Pattern.compile("Value \\[(\\d+)] received by PID \\[(\\d+)]").matcher(run.out());
        assertTrue(sent.find() && received.find(), run.toString());
        int value = Integer.parseInt(sent.group(1));
        assertTrue(value >= 1 && value <= 10, run.toString());
        assertEquals(value, Integer.parseInt(received.group(1)), run.toString());
        Set<Long> pids = Set.of(ProcessHandle.current().pid(), Long.parseLong(sent.group(2)),
                Long.parseLong(received.group(2)));
        assertEquals(3, pids.size(), "three different processes expected\n" + run);
    }

    @Test
    void receiverPrintsEveryMessageUntilEnd() {
        CommandRun run = CommandRun.of("pipe-messages");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("Sent the message: hello", "Sent the message: hey", "Sent the message: hru?",
                "Sent the message: END"), ProcessDemosTest.linesStartingWith(run.lines(), "Sent"), run.toString());
        assertEquals(List.of("Received the message: hello", "Received the message: hey",
                "Received the message: hru?"), ProcessDemosTest.linesStartingWith(run.lines(), "Received"),
                run.toString());
        assertFalse(run.out().contains("Received the message: END"), run.toString());
    }

    @Test
    void twoChildrenAskAndAnswerThroughOnePipe() {
        CommandRun run = CommandRun.of("pipe-conversation");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(Set.of("MSG by write-process function : Hey! How are you ?",
                "MSG by read-process : Thanks you! I'm good."), Set.copyOf(run.lines()), run.toString());
    }

    @Test
    void oneWayPipeCarriesHelloWorldToTheLaterReader() {
        CommandRun run = CommandRun.of("pipe-hello-world", "--delay-ms", "100");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("Hello world"), run.lines(), run.toString());
    }
}
