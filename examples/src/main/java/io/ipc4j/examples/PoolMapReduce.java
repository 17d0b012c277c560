package io.ipc4j.examples;

import io.ipc4j.Context;
import io.ipc4j.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code compute(n)} sums {@code 0..n-1} the slow way; a pool maps it over {@code 0..9999},
 * then a plain loop does the same, and the parent prints both times and the difference of
 * the two results, which is 0. As in the seed, the pool's time includes starting and
 * closing the pool. A JVM runs the serial loop so fast that the pool's start-up is most
 * of its time; raise {@code --n} to see the workers pay off.
 *
 * <p>Twins seed 001, "MapReduce - [Pool]" ({@code pool.map(compute, range(10000))} on
 * {@code Pool(processes=4)} against a serial loop, printing "Pool took", "Serial took" and
 * "Difference between two results").
 */
@Command(name = "pool-mapreduce", mixinStandardHelpOptions = true,
        description = "Map compute(n) over a range on a pool and serially; same results, both times (seed 001).")
public final class PoolMapReduce implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--processes", defaultValue = "4", description = "Pool workers (default: ${DEFAULT-VALUE}).")
    int processes;

    @AtLeast(1)
    @Option(names = "--n", defaultValue = "10000", description = "Length of the list (default: ${DEFAULT-VALUE}).")
    int n;

    @Override
    public Integer call() {
        List<Integer> longList = IntStream.range(0, n).boxed().collect(Collectors.toList());

        long poolStart = System.nanoTime();
        List<Long> poolResult;
        try (Context mp = Context.create(); Pool pool = mp.pool(processes)) {
            poolResult = pool.map(PoolMapReduce::compute, longList);
        }
        long poolEnd = System.nanoTime();
        System.out.println(String.format(Locale.ROOT, "Pool took: [%.3f] s", (poolEnd - poolStart) / 1e9));

        long serialStart = System.nanoTime();
        List<Long> serialResult = new ArrayList<>(n);
        for (int e : longList) {
            long temp = 0;
            for (int i = 0; i < e; i++) {
                temp += i;
            }
            serialResult.add(temp);
        }
        long serialEnd = System.nanoTime();
        System.out.println(String.format(Locale.ROOT, "Serial took: [%.3f] s", (serialEnd - serialStart) / 1e9));

        long difference = 0;
        for (int i = 0; i < n; i++) {
            difference += poolResult.get(i) - serialResult.get(i);
        }
        System.out.println("Difference between two results: " + difference);
        return difference == 0 && poolResult.equals(serialResult) ? 0 : 1;
    }

    static long compute(int n) {
        long temp = 0;
        for (int i = 0; i < n; i++) {
            temp += i;
        }
        return temp;
    }
}
