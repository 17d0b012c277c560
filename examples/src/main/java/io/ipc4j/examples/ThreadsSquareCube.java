package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Squares and cubes printed first one after the other, then by two threads at once, with
 * the time each way took.
 *
 * <p>Twins seed 000, "Demo 1 - Sequential Processing" to "Demo 4 - Multithreading"
 * ({@code calc_square}/{@code calc_cube} of {@code [2,3,8,9]} with 0.2 s sleeps, scaled
 * down by {@code --delay-ms}). ipc4j has nothing to add here: these are plain JDK
 * threads. Unlike CPython's, Java threads have no global interpreter lock, so threads
 * doing computation, not only sleeping ones as here, run in parallel on several cores.
 */
@Command(name = "threads-square-cube", mixinStandardHelpOptions = true,
        description = "Squares and cubes sequentially, then in two JDK threads (seed 000, threading).")
public final class ThreadsSquareCube implements Callable<Integer> {
    @Option(names = "--numbers", split = ",", defaultValue = "2,3,8,9",
            description = "Numbers (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "20", description = "Pause per number (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public Integer call() throws InterruptedException {
        long t = System.nanoTime();
        calcSquare();
        calcCube();
        System.out.printf(Locale.ROOT, "done sequentially in : %.3f s%n", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        Thread t1 = new Thread(this::calcSquare);
        Thread t2 = new Thread(this::calcCube);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        System.out.printf(Locale.ROOT, "done with threads in : %.3f s%n", (System.nanoTime() - t) / 1e9);
        return 0;
    }

    private void calcSquare() {
        System.out.println("calculate square numbers");
        for (int n : numbers) {
            pause();
            System.out.println("square: " + n * n);
        }
    }

    private void calcCube() {
        System.out.println("calculate cube of numbers");
        for (int n : numbers) {
            pause();
            System.out.println("cube: " + n * n * n);
        }
    }

    private void pause() {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
