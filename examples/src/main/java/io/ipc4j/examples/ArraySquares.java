package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.DoubleArray;
import io.ipc4j.IntArray;
import io.ipc4j.DoubleValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A child writes the squares of some numbers into a shared array (and, with
 * {@code --value}, 3.54 into a shared double); the parent prints what it finds there.
 *
 * <p>Twins seed 000, "Demo 4 - Share Data, Option 1 - Shared Array" (the default) and
 * "Option 2 - Shared Value" ({@code --value}); with {@code --doubles --numbers 1,2,3,4}
 * seed 001, "Share Global Variables" ({@code mp.Array("d", ...)}, printing each square).
 */
@Command(name = "array-squares", mixinStandardHelpOptions = true,
        description = "A child fills a shared Array with squares; the parent prints it (seeds 000, 001).")
public final class ArraySquares implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "2,3,5",
            description = "Numbers to square (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @Option(names = "--value", description = "Also set a shared Value('d') to 3.54 in the child.")
    boolean value;

    @Option(names = "--doubles", description = "Use an array of doubles and print each square in the child.")
    boolean doubles;

    @Override
    public Integer call() {
        int[] nums = numbers.stream().mapToInt(Integer::intValue).toArray();
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            if (doubles) {
                DoubleArray result = mp.doubleArray(nums.length);
                long start = System.nanoTime();
                ChildProcess p = mp.process(() -> squareDoubles(nums, result)).start();
                int exit = Children.joinAll(p);
                System.out.printf(Locale.ROOT, "Tasks done in %.3f%n", (System.nanoTime() - start) / 1e9);
                System.out.println("In the main process: " + Arrays.toString(result.toArray()));
                return exit;
            }
            IntArray result = mp.intArray(nums.length);
            DoubleValue shared = mp.doubleValue(0.0);
            boolean setValue = value;
            ChildProcess p = mp.process(() -> {
                if (setValue) {
                    shared.set(3.54);
                }
                for (int i = 0; i < nums.length; i++) {
                    result.set(i, nums[i] * nums[i]);
                }
            }).start();
            int exit = Children.joinAll(p);
            System.out.println(Arrays.toString(result.toArray()));
            if (value) {
                System.out.println(shared.get());
            }
            return exit;
        }
    }

    static void squareDoubles(int[] nums, DoubleArray result) {
        for (int i = 0; i < nums.length; i++) {
            result.set(i, (double) nums[i] * nums[i]);
            System.out.println("square of [" + nums[i] + "] is [" + result.get(i) + "]");
        }
    }
}
