package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * The smallest process: the parent prints, starts one child that prints, and joins it.
 *
 * <p>Twins seed 003, "multipross" ({@code this is my main program} / {@code This is my
 * multiprocessing prog}), and seed 002, "Process multiprocessing" ({@code Process(target=f,
 * args=('bob',))} printing {@code hello world}).
 */
@Command(name = "hello-process", mixinStandardHelpOptions = true,
        description = "Start one child process that prints a greeting (seeds 002, 003).")
public final class HelloProcess implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "bob",
            description = "Argument passed to the child (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            ChildProcess m = mp.process(HelloProcess::multipross, name);
            System.out.println("this is my main program");
            m.start();
            return Children.joinAll(m);
        }
    }

    static void multipross(String name) {
        System.out.println("This is my multiprocessing prog");
        System.out.println("hello world, " + name);
    }
}
