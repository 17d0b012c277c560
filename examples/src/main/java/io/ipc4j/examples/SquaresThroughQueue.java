package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A child puts its results in a queue; after joining it, the parent takes them out
 * until the queue is empty.
 *
 * <p>Twins seed 000, "MultiProcessing Demo 5 - Share Data, Option 3 - Shared Queue"
 * (numbers 2, 3, 5), and seed 001, "multiprocessing.Queue" ({@code --numbers 1,2,3,4}).
 */
@Command(name = "shared-queue", mixinStandardHelpOptions = true,
        description = "A child puts squares in a queue, the parent prints them (seeds 000, 001).")
public final class SquaresThroughQueue implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "2,3,5",
            description = "Numbers to square (default: ${DEFAULT-VALUE}).")
    List<Long> numbers;

    @Override
    public Integer call() {
        ArrayList<Long> arr = new ArrayList<>(numbers);
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<Long> q = mp.queue();
            ChildProcess p = mp.process(SquaresThroughQueue::calcSquare, arr, q).start();
            int exit = Children.joinAll(p);
            while (!q.empty()) {
                System.out.println(q.get(Children.WAIT));
            }
            return exit;
        }
    }

    static void calcSquare(List<Long> numbers, Queue<Long> q) {
        for (long n : numbers) {
            q.put(n * n);
        }
    }
}
