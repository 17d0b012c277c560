package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * Every process has its own pid: each worker prints the pid it runs under, the parent
 * prints its own and the ones it got from {@link ChildProcess#pid()}, then shows that
 * joined children are no longer alive.
 *
 * <p>Twins seed 003, "program to understand the concept of different processes running"
 * ({@code worker1}/{@code worker2}, {@code os.getpid()}, {@code p1.pid}, {@code is_alive()}).
 */
@Command(name = "process-ids", mixinStandardHelpOptions = true,
        description = "Print the pids of the parent and two workers, and whether they are alive (seed 003).")
public final class ProcessIds implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println("ID of main process: " + Context.currentProcess().pid());
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            ChildProcess p1 = mp.process(() -> worker("worker1")).name("worker1").start();
            ChildProcess p2 = mp.process(() -> worker("worker2")).name("worker2").start();
            System.out.println("ID of process p1: " + p1.pid());
            System.out.println("ID of process p2: " + p2.pid());
            int exit = Children.joinAll(p1, p2);
            System.out.println("Both processes finished execution!");
            System.out.println("Process p1 is alive: " + p1.isAlive());
            System.out.println("Process p2 is alive: " + p2.isAlive());
            return exit;
        }
    }

    static void worker(String label) {
        System.out.println("ID of process running " + label + ": " + Context.currentProcess().pid());
    }
}
