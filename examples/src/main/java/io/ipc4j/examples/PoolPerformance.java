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
 * Squares ten million numbers with {@link Pool#map}, timed as the seed times it (from
 * after the pool's workers have started to the end of {@code map}), then with a plain loop, and
 * prints both times. The squares are {@code long}s: the larger ones do not fit an
 * {@code int}. A pool pays for sending every number to a worker and every square back; a
 * loop this cheap gains nothing from it, in CPython as here, but the pool's cost per item
 * is what this measures.
 *
 * <p>Twins seed 000, "Demo 11 - Parallel Processing (MultiProcessing Pool), Performance
 * Test" ({@code p.map(f, list(range(10000000)))} on {@code Pool(processes=8)}, printing
 * "Time to complete"). The pool has one worker per CPU unless {@code --processes} says
 * otherwise; {@code --items} makes the list shorter.
 */
@Command(name = "pool-performance", mixinStandardHelpOptions = true,
        description = "Pool.map over ten million numbers against a plain loop (seed 000).")
public final class PoolPerformance implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--items", defaultValue = "10000000", description = "Numbers to square (default: ${DEFAULT-VALUE}).")
    int items;

    @AtLeast(0)
    @Option(names = "--processes", defaultValue = "0", description = "Pool workers (default: one per CPU).")
    int processes;

    @Override
    public Integer call() {
        List<Integer> arr = IntStream.range(0, items).boxed().collect(Collectors.toList());
        List<Long> result;
        try (Context mp = Context.create(); Pool p = processes > 0 ? mp.pool(processes) : mp.pool()) {
            PoolWarmUp.awaitWorkers(p); // the seed's clock starts with its workers forked and running
            long t = System.nanoTime();
            result = p.map(PoolPerformance::f, arr);
            System.out.println(String.format(Locale.ROOT, "Time to complete : %.3f s (pool of %d)",
                    (System.nanoTime() - t) / 1e9, p.size()));
        }

        long t = System.nanoTime();
        List<Long> loop = new ArrayList<>(items);
        for (Integer n : arr) {
            loop.add(f(n));
        }
        System.out.println(String.format(Locale.ROOT, "Plain loop : %.3f s", (System.nanoTime() - t) / 1e9));

        boolean same = result.equals(loop);
        System.out.println(items > 0 ? "Last square: " + result.get(items - 1) + (same ? "" : " (the loop disagrees)")
                : "No numbers");
        return same ? 0 : 1;
    }

    static long f(int n) {
        return (long) n * n;
    }
}
