package io.ipc4j.examples;

import io.ipc4j.Context;
import io.ipc4j.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Four jobs of different lengths on two workers: {@code map} with one item per chunk
 * starts A and B at once, and each worker takes the next job as soon as it is free, so
 * B, C and D all finish on one worker while A is still sleeping on the other. The map
 * returns one {@code null} per job, as CPython's returns {@code [None, None, None, None]}.
 *
 * <p>Twins seed 004, "Pool, Example 2: Taking multiple arguments" ({@code work_log} over
 * {@code (["A", 5], ["B", 2], ["C", 1], ["D", 3])} on {@code Pool(2)}). The seed sleeps
 * whole seconds; here a "second" lasts {@code --unit-ms} milliseconds.
 */
@Command(name = "pool-work-log", mixinStandardHelpOptions = true,
        description = "Jobs of different lengths taken by two pool workers as they become free (seed 004).")
public final class PoolWorkLog implements Callable<Integer> {

    /** One job: a name and how many "seconds" it sleeps. */
    record Work(String name, int seconds) {
    }

    static final List<Work> WORK = List.of(new Work("A", 5), new Work("B", 2), new Work("C", 1), new Work("D", 3));

    @AtLeast(0)
    @Option(names = "--unit-ms", defaultValue = "10",
            description = "Milliseconds a seed \"second\" lasts (default: ${DEFAULT-VALUE}).")
    int unitMillis;

    @Override
    public Integer call() {
        int unit = unitMillis;
        List<Object> result;
        try (Context mp = Context.create(); Pool p = mp.pool(2)) {
            PoolWarmUp.awaitWorkers(p); // both workers up, as CPython's forked ones are at once
            result = p.map((Work w) -> workLog(w, unit), WORK, 1);
        }
        System.out.println(result); // once the pool is closed, after every line of its workers
        return 0;
    }

    static Object workLog(Work work, int unitMillis) throws InterruptedException {
        System.out.println(" Process " + work.name() + " waiting " + work.seconds() + " seconds");
        Thread.sleep((long) work.seconds() * unitMillis);
        System.out.println(" Process " + work.name() + " Finished.");
        return null;
    }
}
