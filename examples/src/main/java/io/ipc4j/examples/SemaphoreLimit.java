package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Workers in separate processes each hold one of a few semaphore permits while they
 * "send a request"; never more than {@code --permits} work at once.
 *
 * <p>Twins seed 002, "semaphore" ({@code Semaphore(5)}, ten threads sleeping 3 s), with
 * processes instead of threads, and fewer and shorter by default so it runs in seconds.
 */
@Command(name = "semaphore", mixinStandardHelpOptions = true,
        description = "Processes share a Semaphore: at most --permits work at once (seed 002).")
public final class SemaphoreLimit implements Callable<Integer> {
    @AtLeast(1)
    @Option(names = "--workers", defaultValue = "4", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @AtLeast(1)
    @Option(names = "--permits", defaultValue = "2", description = "Semaphore permits (default: ${DEFAULT-VALUE}).")
    int permits;

    @AtLeast(0)
    @Option(names = "--work-ms", defaultValue = "300", description = "Time a worker holds its permit (default: ${DEFAULT-VALUE}).")
    long workMs;

    @Mixin
    FailOnPurpose fail;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Semaphore semaphore = mp.semaphore(permits);
            IntValue busy = mp.intValue(0);
            IntValue mostBusy = mp.intValue(0);
            long ms = workMs;
            String failing = fail.process();
            List<ChildProcess> procs = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                int id = i;
                procs.add(mp.process(() -> calc(id, semaphore, busy, mostBusy, ms, failing)).name("worker-" + i).start());
            }
            int exit = Children.joinAll(procs);
            System.out.println("at most " + mostBusy.get() + " of " + workers + " workers at once, with "
                    + permits + " permits");
            return exit;
        }
    }

    static void calc(int id, Semaphore semaphore, IntValue busy, IntValue mostBusy, long workMs, String failing)
            throws InterruptedException {
        try (Held permit = semaphore.acquire()) {
            FailOnPurpose.here(failing);
            int now = busy.addAndGet(1);
            int most;
            while ((most = mostBusy.get()) < now && !mostBusy.compareAndSet(most, now)) {
                Thread.onSpinWait();
            }
            System.out.println("worker " + id + " sends its request (" + now + " at work)");
            Thread.sleep(workMs);
            busy.addAndGet(-1);
        }
    }
}
