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
 * closing the pool. Unlike the seed, the serial loop wins: a JVM runs it about a hundred
 * times faster than CPython, so the work is too small to pay for starting worker JVMs. The
 * demo says so, timing the same map on the pool once started, and then, on that started
 * pool, compares pool and loop for the larger lists of {@code --sizes}, where the workers
 * pay off.
 *
 * <p>Twins seed 001, "MapReduce - [Pool]" ({@code pool.map(compute, range(10000))} on
 * {@code Pool(processes=4)} against a serial loop, printing "Pool took", "Serial took" and
 * "Difference between two results").
 */
@Command(name = "pool-mapreduce", mixinStandardHelpOptions = true,
        description = "Map compute(n) over a range on a pool and serially; same results, both times, and the "
                + "sizes where the pool wins (seed 001).")
public final class PoolMapReduce implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--processes", defaultValue = "4", description = "Pool workers (default: ${DEFAULT-VALUE}).")
    int processes;

    @AtLeast(1)
    @Option(names = "--n", defaultValue = "10000", description = "Length of the list (default: ${DEFAULT-VALUE}).")
    int n;

    @AtLeast(1)
    @Option(names = "--sizes", split = ",", defaultValue = "10000,30000,60000",
            description = "Lengths to compare on the started pool (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Override
    public Integer call() {
        List<Integer> longList = range(n);
        List<String> comparisons = new ArrayList<>();
        boolean same = true;

        long poolStart = System.nanoTime();
        List<Long> poolResult;
        double warmSeconds;
        long closeNanos;
        try (Context mp = Context.create()) {
            Pool pool = mp.pool(processes);
            poolResult = pool.map(PoolMapReduce::compute, longList);
            long mapped = System.nanoTime();
            warmSeconds = seconds(() -> pool.map(PoolMapReduce::compute, longList));
            for (int size : sizes) {
                List<Integer> list = range(size);
                List<List<Long>> results = new ArrayList<>();
                double onPool = seconds(() -> results.add(pool.map(PoolMapReduce::compute, list)));
                double serial = seconds(() -> results.add(serial(list)));
                same &= results.get(0).equals(results.get(1));
                comparisons.add(String.format(Locale.ROOT, "  n=%d: pool %.3f s, serial %.3f s: %s wins", size,
                        onPool, serial, onPool < serial ? "the pool" : "the serial loop"));
            }
            long closing = System.nanoTime();
            pool.close();
            pool.join();
            closeNanos = System.nanoTime() - closing;
            poolStart += closing - mapped; // the seed's "Pool took" is start, map and close only
        }
        long poolEnd = System.nanoTime();
        double poolSeconds = (poolEnd - poolStart) / 1e9;
        System.out.println(String.format(Locale.ROOT, "Pool took: [%.3f] s", poolSeconds));

        long serialStart = System.nanoTime();
        List<Long> serialResult = serial(longList);
        long serialEnd = System.nanoTime();
        double serialSeconds = (serialEnd - serialStart) / 1e9;
        System.out.println(String.format(Locale.ROOT, "Serial took: [%.3f] s", serialSeconds));

        long difference = 0;
        for (int i = 0; i < n; i++) {
            difference += poolResult.get(i) - serialResult.get(i);
        }
        System.out.println("Difference between two results: " + difference);
        System.out.println(String.format(Locale.ROOT, "Why: of the pool's %.3f s, the same map on the started "
                + "pool takes %.3f s; the rest is starting and closing %d worker JVMs (close: %.3f s). The serial "
                + "loop needs %.3f s: too little work to share out.", poolSeconds, warmSeconds, processes,
                closeNanos / 1e9, serialSeconds));
        System.out.println("On the started pool, against the serial loop:");
        comparisons.forEach(System.out::println);
        return difference == 0 && poolResult.equals(serialResult) && same ? 0 : 1;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    private static List<Long> serial(List<Integer> longList) {
        List<Long> serialResult = new ArrayList<>(longList.size());
        for (int e : longList) {
            long temp = 0;
            for (int i = 0; i < e; i++) {
                temp += i;
            }
            serialResult.add(temp);
        }
        return serialResult;
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static long compute(int n) {
        long temp = 0;
        for (int i = 0; i < n; i++) {
            temp += i;
        }
        return temp;
    }
}
