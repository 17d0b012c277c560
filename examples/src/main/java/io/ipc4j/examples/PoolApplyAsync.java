package io.ipc4j.examples;

import io.ipc4j.AsyncResult;
import io.ipc4j.Context;
import io.ipc4j.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Eight tasks that each sleep a random while and print their number, first submitted
 * with {@link Pool#applyAsync} (they run side by side, so the numbers come out in the order
 * the sleeps end), then one by one with {@link Pool#apply}, which waits for each result
 * (the numbers come out in order, and nothing runs in parallel). The parent prints how
 * long each way took.
 *
 * <p>Twins seed 004, "Pool, Example 3: The apply_async method" and its {@code apply()}
 * counterpart ({@code worker(i)}: {@code time.sleep(random.random()); print(i)} on
 * {@code Pool(4)}). CPython's {@code close(); join()} after the {@code apply_async} calls is
 * here waiting for each {@link AsyncResult}, so that one pool serves both halves; the
 * seed's sleeps of up to a second are {@code --min-ms} to {@code --max-ms} milliseconds.
 */
@Command(name = "pool-apply", mixinStandardHelpOptions = true,
        description = "apply_async runs tasks side by side, apply one after another (seed 004).")
public final class PoolApplyAsync implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--processes", defaultValue = "4", description = "Pool workers (default: ${DEFAULT-VALUE}).")
    int processes;

    @AtLeast(1)
    @Option(names = "--tasks", defaultValue = "8", description = "Tasks in each half (default: ${DEFAULT-VALUE}).")
    int tasks;

    @AtLeast(0)
    @Option(names = "--min-ms", defaultValue = "10", description = "Shortest sleep (default: ${DEFAULT-VALUE}).")
    int minMillis;

    @AtLeast(0)
    @Option(names = "--max-ms", defaultValue = "50", description = "Longest sleep (default: ${DEFAULT-VALUE}).")
    int maxMillis;

    @Override
    public Integer call() throws InterruptedException {
        int lo = minMillis;
        int hi = Math.max(minMillis + 1, maxMillis);
        try (Context mp = Context.create(); Pool p = mp.pool(processes)) {
            PoolWarmUp.awaitWorkers(p); // every worker up, as CPython's forked ones are at once

            System.out.println("apply_async:");
            long start = System.nanoTime();
            List<AsyncResult<Integer>> pending = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                pending.add(p.applyAsync((Integer n) -> worker(n, lo, hi), i));
            }
            for (AsyncResult<Integer> r : pending) {
                r.get(Children.WAIT);
            }
            double async = (System.nanoTime() - start) / 1e6; // every worker's line is printed by now

            System.out.println("apply:");
            start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                p.apply((Integer n) -> worker(n, lo, hi), i); // No concurrency if you use apply.
            }
            double sync = (System.nanoTime() - start) / 1e6;
            System.out.println(String.format(Locale.ROOT, "apply_async took %.1f ms, apply took %.1f ms", async, sync));
        }
        return 0;
    }

    static int worker(int i, int minMillis, int maxMillis) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
        System.out.println(i);
        return i;
    }
}
