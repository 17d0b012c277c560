package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.DoubleValue;
import io.ipc4j.IntArray;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * A child sets a shared double to 3.1415927 and negates every element of a shared int
 * array holding 0..9; the parent then prints both.
 *
 * <p>Twins seed 002, "Shared memory" ({@code Value('d', 0.0)}, {@code Array('i',
 * range(10))}, {@code f(n, a)}, then {@code print num.value} and {@code print arr}).
 */
@Command(name = "value-array", mixinStandardHelpOptions = true,
        description = "A child sets a shared Value to 3.1415927 and negates a shared Array (seed 002).")
public final class ValueAndArray implements Callable<Integer> {

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            DoubleValue num = mp.doubleValue(0.0);
            IntArray arr = mp.intArray(IntStream.range(0, 10).toArray());
            ChildProcess p = mp.process(ValueAndArray::f, num, arr).start();
            int exit = Children.joinAll(p);
            System.out.println(num.get());
            System.out.println(Arrays.toString(arr.toArray()));
            return exit;
        }
    }

    static void f(DoubleValue n, IntArray a) {
        n.set(3.1415927);
        for (int i = 0; i < a.length(); i++) {
            a.set(i, -a.get(i));
        }
    }
}
