package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Two children work at once: one prints squares, the other cubes, each pausing between
 * numbers, so their lines interleave.
 *
 * <p>Twins seed 000, "MultiProcessing Demo 1 - Simple MultiProcessing" (the default
 * numbers; the 1 s sleep scaled down to {@code --delay-ms}); seed 001, "Intro to
 * Multiprocessing" ({@code --numbers 1,2,3,4}, with its "Tasks done in" line); and
 * seed 003, {@code print_square}/{@code print_cube} of 10 ({@code --numbers 10}).
 */
@Command(name = "square-cube", mixinStandardHelpOptions = true,
        description = "Print squares and cubes from two child processes at once (seeds 000, 001, 003).")
public final class SquareAndCube implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "2,3,8,16,32,41,53",
            description = "Numbers to square and cube (default: ${DEFAULT-VALUE}).")
    List<Long> numbers;

    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "20",
            description = "Pause before each number (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        ArrayList<Long> arr = new ArrayList<>(numbers);
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            ChildProcess p1 = mp.process(SquareAndCube::calcSquare, arr, delayMs).name("square");
            ChildProcess p2 = mp.process(SquareAndCube::calcCube, arr, delayMs).name("cube");
            p1.start();
            p2.start();
            int exit = Children.joinAll(p1, p2);
            System.out.println("Done!");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT, "Tasks done in %.3f s", seconds));
            return exit;
        }
    }

    static void calcSquare(List<Long> numbers, Long delayMs) throws InterruptedException {
        for (long n : numbers) {
            Thread.sleep(delayMs);
            System.out.println("square " + n * n);
        }
    }

    static void calcCube(List<Long> numbers, Long delayMs) throws InterruptedException {
        for (long n : numbers) {
            Thread.sleep(delayMs);
            System.out.println("cube " + n * n * n);
        }
    }
}
