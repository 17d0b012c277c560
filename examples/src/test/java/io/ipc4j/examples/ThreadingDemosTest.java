package io.ipc4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The threading-only demos, on plain JDK threads. */
@Timeout(60)
class ThreadingDemosTest {

    @Test
    void squaresAndCubesSequentiallyThenInThreads() {
        CommandRun run = CommandRun.of("threads-square-cube", "--delay-ms", "1");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(2, run.out().split("square: 81", -1).length - 1, run.toString());
        assertEquals(2, run.out().split("cube: 729", -1).length - 1, run.toString());
        assertTrue(run.out().contains("done with threads in"), run.toString());
    }

    @Test
    void daemonLimiterDoesNotKeepTheProgramAliveAndANonDaemonOneDoes() {
        // the program exits within milliseconds of its creators' end; the bound is for a loaded machine
        CommandRun run = CommandRun.of("daemon-threads", "--delay-ms", "2", "--bound-ms", "10000");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("---------- creates_items_1 : Done ----------"), run.toString());
        assertTrue(run.out().contains("---------- creates_items_2 : Done ----------"), run.toString());
        assertTrue(run.out().contains("---------- End of Program ----------"), run.toString());
        assertTrue(run.out().contains("the program exited (code 0) when its creators were done"), run.toString());

        CommandRun kept = CommandRun.of("daemon-threads", "--delay-ms", "2", "--non-daemon", "--bound-ms", "500");
        assertEquals(0, kept.exitCode(), kept.toString());
        assertTrue(kept.out().contains("---------- End of Program ----------"), kept.toString());
        assertTrue(kept.out().contains("the program is still running 500 ms after the end of main: "
                + "the non-daemon limiter keeps it alive; killing it"), kept.toString());
    }

    @Test
    void timerFiresOnceAndTheCancelledOneNever() throws Exception {
        CommandRun run = CommandRun.of("timer", "--delay-ms", "1000");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("cancelled the second timer: true", "Hello World"), run.lines(), run.toString());
    }

    @Test
    void mainThreadPrintsWhileAThreadRunsAndAfterJoin() {
        CommandRun run = CommandRun.of("thread-join", "--delay-ms", "200");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(12, lines.size(), run.toString());
        int whileRunning = lines.indexOf("Main Thread - Print this line while 'calc_square' is being executed ...");
        assertTrue(whileRunning >= 0 && whileRunning < lines.indexOf("square: 81"), "printed while it ran\n" + run);
        assertEquals("Main Thread - Print this line after 'calc_square' was executed ...", lines.get(11),
                run.toString());
        assertEquals("square: 81", lines.get(10), run.toString());
    }

    @Test
    void threadHelloAndAThreadsChangeToAMapIsSeenByTheMainThread() {
        CommandRun hello = CommandRun.of("thread-hello");
        assertEquals(0, hello.exitCode(), hello.toString());
        assertEquals(List.of("Hello World"), hello.lines(), hello.toString());
        CommandRun dict = CommandRun.of("thread-dict");
        assertEquals(0, dict.exitCode(), dict.toString());
        assertEquals(List.of("{Status=true}"), dict.lines(), dict.toString());
    }

    @Test
    void calcRunsInOneThreadTwoThreadsAndTwoProcesses() {
        CommandRun run = CommandRun.of("thread-calc", "--n", "1000000");
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.lines();
        assertEquals(3, lines.size(), run.toString());
        assertTrue(lines.get(0).matches("calc in one thread: \\d+\\.\\d{3} s"), run.toString());
        assertTrue(lines.get(1).matches("calc in two threads: \\d+\\.\\d{3} s"), run.toString());
        assertTrue(lines.get(2).matches("calc in two processes, a thread each .*: \\d+\\.\\d{3} s"),
                run.toString());
    }
}
