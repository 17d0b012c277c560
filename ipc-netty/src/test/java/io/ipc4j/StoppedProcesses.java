package io.ipc4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Stops a process with {@code SIGSTOP} for a test, and returns only once it is stopped.
 * {@code kill -STOP} returns as soon as the signal is queued: the kernel wakes one thread
 * to take it, and only that thread stops the others, so for a while afterwards the other
 * threads still run (seen on the loaded 2-core VM: a manager answered a call made after
 * {@code kill} had returned, about 1 call in 12). Hence the wait until every thread of the
 * process shows the stopped state in {@code /proc}.
 */
final class StoppedProcesses {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private StoppedProcesses() {
    }

    /** Sends {@code SIGSTOP} to {@code pid} and waits until every thread of it is stopped. */
    static void stop(long pid) throws IOException, InterruptedException {
        signal("-STOP", pid);
        long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
        String states;
        while (!allStopped(states = threadStates(pid))) {
            if (System.nanoTime() > deadline) {
                resume(pid);
                throw new AssertionError("process " + pid + " was sent SIGSTOP, yet after " + STOP_LIMIT
                        + " its threads are in states " + states);
            }
            Thread.sleep(1);
        }
    }

    /** Sends {@code SIGCONT} to {@code pid}. */
    static void resume(long pid) throws IOException, InterruptedException {
        signal("-CONT", pid);
    }

    /**
     * The state letter of each thread of {@code pid} (T: stopped), from {@code /proc}; a
     * thread that ended while they were read is left out.
     */
    static String threadStates(long pid) throws IOException {
        StringBuilder states = new StringBuilder();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;
                }
                // the thread's name, in parentheses, may hold spaces and parentheses: the state follows the last ')'
                states.append(stat.charAt(stat.lastIndexOf(')') + 2));
            }
        }
        return states.toString();
    }

    /** Whether {@code states} (see {@link #threadStates}) are all stopped, or ended (Z, X). */
    static boolean allStopped(String states) {
        return !states.isEmpty() && states.chars().allMatch(c -> c == 'T' || c == 'Z' || c == 'X');
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, String.valueOf(pid)).start().waitFor();
        if (exit != 0) {
            throw new AssertionError("kill " + signal + " " + pid + " exited with " + exit);
        }
    }
}
