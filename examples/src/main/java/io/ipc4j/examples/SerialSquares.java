package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Squares a list in a plain loop, on one core of one process: the program the seeds show
 * before handing the same work to a pool ({@code pool-squares}, {@code pool-performance}).
 *
 * <p>Twins seed 000, "Demo 9 - Parallel Processing (MultiProcessing Pool), Utilizing a
 * single cpu", and seed 003, the squares program before "Pooling between processes"
 * ({@code for num in mylist: result.append(square(num))}, printing
 * {@code [1, 4, 9, 16, 25]}).
 */
@Command(name = "serial-squares", mixinStandardHelpOptions = true,
        description = "Square a list in a plain loop, before a pool does it (seeds 000, 003).")
public final class SerialSquares implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "1,2,3,4,5",
            description = "The list to square (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @Override
    public Integer call() {
        List<Integer> result = new ArrayList<>();
        for (int num : numbers) {
            result.add(square(num));
        }
        System.out.println(result);
        return 0;
    }

    static int square(int n) {
        return n * n;
    }
}
