package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The main thread prints while a thread squares numbers, and then, after {@code join()},
 * prints only once the thread is done.
 *
 * <p>Twins seed 000, "Demo 2 - Initializing a Thread" and "Demo 3 - Using the join()
 * Method" ({@code calc_square} of {@code [2,3,8,9]} with 0.3 s sleeps, scaled down by
 * {@code --delay-ms}). Plain JDK threads.
 */
@Command(name = "thread-join", mixinStandardHelpOptions = true,
        description = "The main thread prints while a thread runs, then after join() (seed 000, threading).")
public final class ThreadJoin implements Callable<Integer> {
    static final List<Integer> ARR = List.of(2, 3, 8, 9);

    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "30", description = "Pause per number (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public Integer call() throws InterruptedException {
        Thread t1 = new Thread(() -> calcSquare(ARR));
        t1.start();
        System.out.println("Main Thread - Print this line while 'calc_square' is being executed ...");
        t1.join(); // not in the seed's Demo 2: here it keeps Demo 3's lines apart from Demo 2's

        Thread t2 = new Thread(() -> calcSquare(ARR));
        t2.start();
        t2.join();
        System.out.println("Main Thread - Print this line after 'calc_square' was executed ...");
        return 0;
    }

    private void calcSquare(List<Integer> numbers) {
        System.out.println("calculate square numbers");
        for (int n : numbers) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            System.out.println("square: " + n * n);
        }
    }
}
