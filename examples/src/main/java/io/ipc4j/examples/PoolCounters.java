package io.ipc4j.examples;

import io.ipc4j.AsyncResult;
import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.Manager;
import io.ipc4j.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Four "add" tasks on one pool and two "sub" tasks on another change one shared counter
 * by +{@code n} and -{@code n} in steps of 1, so it should end at {@code 2 n}. Run once
 * without a lock ({@code counter.set(counter.get() + 1)} from several processes loses
 * updates when the steps interleave, so the total may be off) and once with every step
 * under a shared lock (always {@code 2 n}). The tasks are sent with
 * {@link Pool#starmapAsync} and their errors reach an error callback, as the seed's
 * {@code error_callback=print_traceback}.
 *
 * <p>Twins seed 004, "Race conditions between processes": {@code add_pool.starmap_async(add,
 * [(counter,) ...], error_callback=...)} on {@code Pool(4)} and {@code sub} on {@code Pool(2)},
 * then the same with {@code (counter, counter_lock)}. As in the seed, the counter and the lock
 * are held by a manager process ({@code counter = manager.Value('i', 0)},
 * {@code counter_lock = manager.Lock()}): each {@code get}, {@code set}, {@code acquire} and
 * {@code release} is a round trip to it, so a task's read and write of the counter are far
 * enough apart for another task's steps to fall in between. The pools serve both runs. The
 * seed's tasks take 100 steps each (it got 88 instead of 200); the default here is 1000, so
 * that the tasks overlap long enough for the race to show in nearly every run, while the
 * locked run, four round trips a step, still takes only a few seconds.
 */
@Command(name = "pool-counters", mixinStandardHelpOptions = true,
        description = "starmap_async add/sub tasks on a shared counter, without and with a lock (seed 004).")
public final class PoolCounters implements Callable<Integer> {

    @AtLeast(1)
    @Option(names = "--add-processes", defaultValue = "4", description = "Workers of the add pool (default: ${DEFAULT-VALUE}).")
    int addProcesses;

    @AtLeast(1)
    @Option(names = "--sub-processes", defaultValue = "2", description = "Workers of the sub pool (default: ${DEFAULT-VALUE}).")
    int subProcesses;

    @AtLeast(0)
    @Option(names = "--steps", defaultValue = "1000", description = "Steps of 1 in each task (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    FailOnPurpose fail;

    @Override
    public Integer call() {
        AtomicInteger failures = new AtomicInteger();
        try (Context mp = Context.create();
             Manager manager = mp.manager();
             Pool addPool = mp.pool(addProcesses);
             Pool subPool = mp.pool(subProcesses)) {
            IntValue counter = manager.intValue(0);
            Lock counterLock = manager.lock();
            int n = steps;
            String failing = fail.process();
            Consumer<Throwable> printTraceback = e -> {
                failures.incrementAndGet();
                printTraceback(e);
            };

            AsyncResult<List<Object>> adds = addPool.starmapAsync((IntValue c, Integer k) -> add(c, k),
                    Collections.nCopies(4, Map.entry(counter, n)), null, printTraceback);
            AsyncResult<List<Object>> subs = subPool.starmapAsync((IntValue c, Integer k) -> sub(c, k, failing),
                    Collections.nCopies(2, Map.entry(counter, n)), null, printTraceback);
            await(adds, failures);
            await(subs, failures);
            System.out.println("without a lock: " + counter.get());

            counter.set(0);
            adds = addPool.starmapAsync((IntValue c, Lock l) -> add(c, l, n),
                    Collections.nCopies(4, Map.entry(counter, counterLock)), null, printTraceback);
            subs = subPool.starmapAsync((IntValue c, Lock l) -> sub(c, l, n),
                    Collections.nCopies(2, Map.entry(counter, counterLock)), null, printTraceback);
            await(adds, failures);
            await(subs, failures);
            int locked = counter.get();
            System.out.println("with a lock: " + locked);
            return failures.get() == 0 && locked == 2 * n ? 0 : 1;
        }
    }

    /** Waits for the tasks; an exception has gone to the error callback, CPython's {@code print_traceback}. */
    private static void await(AsyncResult<?> result, AtomicInteger failures) {
        if (!result.waitFor(Children.WAIT)) {
            failures.incrementAndGet();
            System.out.println("tasks still running after " + Children.WAIT.toSeconds() + " s");
        }
    }

    static void printTraceback(Throwable e) {
        e.printStackTrace(System.out);
    }

    static Object add(IntValue counter, int steps) {
        for (int i = 0; i < steps; i++) {
            counter.set(counter.get() + 1);
        }
        return null;
    }

    static Object sub(IntValue counter, int steps, String failing) {
        FailOnPurpose.here(failing, "sub");
        for (int i = 0; i < steps; i++) {
            counter.set(counter.get() - 1);
        }
        return null;
    }

    static Object add(IntValue counter, Lock counterLock, int steps) {
        for (int i = 0; i < steps; i++) {
            try (Held held = counterLock.acquire()) {
                counter.set(counter.get() + 1);
            }
        }
        return null;
    }

    static Object sub(IntValue counter, Lock counterLock, int steps) {
        for (int i = 0; i < steps; i++) {
            counterLock.acquire();
            counter.set(counter.get() - 1);
            counterLock.release();
        }
        return null;
    }
}
