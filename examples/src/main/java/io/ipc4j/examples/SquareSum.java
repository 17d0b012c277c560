package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.IntArray;
import io.ipc4j.IntValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A child squares a list into a shared Array and puts the sum of the squares into a
 * shared Value; both it and the parent print them, and see the same numbers.
 *
 * <p>Twins seed 003, {@code square_list(mylist, result, square_sum)}.
 */
@Command(name = "square-sum", mixinStandardHelpOptions = true,
        description = "A child fills a shared Array and Value; parent and child print them (seed 003).")
public final class SquareSum implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "1,2,3,4",
            description = "Numbers to square (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @Override
    public Integer call() {
        int[] mylist = numbers.stream().mapToInt(Integer::intValue).toArray();
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            IntArray result = mp.intArray(mylist.length);
            IntValue squareSum = mp.intValue(0);
            ChildProcess p1 = mp.process(() -> squareList(mylist, result, squareSum)).start();
            int exit = Children.joinAll(p1);
            System.out.println("Result(in main program): " + Arrays.toString(result.toArray()));
            System.out.println("Sum of squares(in main program): " + squareSum.get());
            return exit;
        }
    }

    static void squareList(int[] mylist, IntArray result, IntValue squareSum) {
        for (int i = 0; i < mylist.length; i++) {
            result.set(i, mylist[i] * mylist[i]);
        }
        squareSum.set(Arrays.stream(result.toArray()).sum());
        System.out.println("Result(in process p1): " + Arrays.toString(result.toArray()));
        System.out.println("Sum of squares(in process p1): " + squareSum.get());
    }
}
