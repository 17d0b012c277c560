package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code calc(n)} counts {@code n} down to 0: in one thread, in two threads at once, and in
 * two processes that each run it in a thread, with the time each took. In CPython the two
 * threads take twice as long as one (the global interpreter lock lets one run at a time)
 * and only the two processes run in parallel; JVM threads have no such lock, so two
 * threads take about as long as one when there are two cores, and the processes pay for
 * starting their JVMs.
 *
 * <p>Twins seed 002, "Thread start" ({@code calc(100000000)} in one thread, in two
 * threads, and {@code do_calc} running the thread in each of two processes). The count
 * goes through a volatile field, so that the JIT cannot drop the loop.
 */
@Command(name = "thread-calc", mixinStandardHelpOptions = true,
        description = "calc(n) in one thread, two threads, and two processes running a thread each (seed 002).")
public final class ThreadCalc implements Callable<Integer> {
    private static volatile long sink;

    @AtLeast(0)
    @Option(names = "--n", defaultValue = "100000000", description = "Count to run down (default: ${DEFAULT-VALUE}).")
    long n;

    @Override
    public Integer call() throws InterruptedException {
        long count = n;
        for (int i = 0; i < 3; i++) {
            runInThreads(1, count); // untimed: lets the JIT compile calc first, as CPython needs no warm-up
        }
        long t = System.nanoTime();
        runInThreads(1, count);
        report("one thread", t);

        t = System.nanoTime();
        runInThreads(2, count);
        report("two threads", t);

        t = System.nanoTime();
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            ChildProcess p1 = mp.process(() -> doCalc(count)).name("p1").start();
            ChildProcess p2 = mp.process(() -> doCalc(count)).name("p2").start();
            int exit = Children.joinAll(List.of(p1, p2));
            report("two processes, a thread each (starting their JVMs included)", t);
            return exit;
        }
    }

    private static void report(String how, long startNanos) {
        System.out.println(String.format(Locale.ROOT, "calc in %s: %.3f s", how,
                (System.nanoTime() - startNanos) / 1e9));
    }

    private static void runInThreads(int threads, long count) throws InterruptedException {
        Thread[] started = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            started[i] = new Thread(() -> calc(count));
            started[i].start();
        }
        for (Thread thread : started) {
            thread.join();
        }
    }

    static void doCalc(long count) throws InterruptedException {
        runInThreads(1, count);
    }

    static void calc(long n) {
        while (n > 0) {
            n -= 1;
            if ((n & 0xFFFF) == 0) {
                sink = n;
            }
        }
    }
}
