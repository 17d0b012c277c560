package io.ipc4j.examples;

import io.ipc4j.Context;
import io.ipc4j.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A pool squares a list: {@link Pool#map} hands the numbers to the workers, each worker
 * prints its pid for the number it squares, and the parent prints the squares in input
 * order. With {@code --thread-pool} the same code runs on threads of this JVM, so every
 * "worker" reports the parent's pid.
 *
 * <p>Twins seed 003, "Pooling between processes" ({@code square(n)} printing
 * {@code os.getpid()}, {@code p.map(square, mylist)}); also seed 000, "Demo 9/10 -
 * Parallel Processing (MultiProcessing Pool)", seed 003 {@code do_sqr}, seed 004 "Pool,
 * Example 1: The map method", and seed 002 "Process pool" / "Thread pool"
 * ({@code --thread-pool}, CPython's {@code ThreadPool}).
 */
@Command(name = "pool-squares", mixinStandardHelpOptions = true,
        description = "Square a list on a pool, each worker printing its pid (seeds 000, 002, 003, 004).")
public final class PoolSquares implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--processes", defaultValue = "2", description = "Pool workers (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--thread-pool", description = "Use a pool of threads in this JVM instead of processes.")
    boolean threadPool;

    @Option(names = "--numbers", split = ",", defaultValue = "1,2,3,4,5",
            description = "The list to square (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @Override
    public Integer call() {
        System.out.println("ID of main process: " + Context.currentProcess().pid());
        List<Integer> result;
        try (Context mp = Context.create();
             Pool p = threadPool ? mp.threadPool(processes) : mp.pool(processes)) {
            result = p.map(PoolSquares::square, numbers);
        }
        // printed once the pool is closed: by then every line its workers printed is out
        System.out.println(result);
        return 0;
    }

    static int square(int n) {
        System.out.println("Worker process id for " + n + ": " + Context.currentProcess().pid());
        return n * n;
    }
}
