package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several children each put one random number in a shared queue; the parent collects
 * one result per child.
 *
 * <p>Twins seed 004, "Passing Data Between Processes - Example 1" ({@code rand_num}).
 */
@Command(name = "random-numbers", mixinStandardHelpOptions = true,
        description = "Each child puts a random number in one queue; the parent collects them (seed 004).")
public final class RandomNumbersFromProcesses implements Callable<Integer> {
    @AtLeast(1)
    @Option(names = "--processes", defaultValue = "4", description = "How many children (default: ${DEFAULT-VALUE}).")
    int processes;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<Double> queue = mp.queue();
            List<ChildProcess> children = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                children.add(mp.process(RandomNumbersFromProcesses::randNum, queue).start());
            }
            int exit = Children.joinAll(children);
            List<Double> results = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                results.add(queue.get(Children.WAIT));
            }
            System.out.println(results);
            return exit;
        }
    }

    static void randNum(Queue<Double> queue) {
        queue.put(ThreadLocalRandom.current().nextDouble());
    }
}
