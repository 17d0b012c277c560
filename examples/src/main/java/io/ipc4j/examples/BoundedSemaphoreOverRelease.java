package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Semaphore;
import io.ipc4j.SemaphoreOverReleaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Workers acquire a bounded semaphore once and release it twice. A release that would
 * raise the count above its initial value is refused with a
 * {@link SemaphoreOverReleaseException} (CPython's {@code ValueError}); which release
 * that is depends on how the workers interleave, as in CPython, so both are guarded.
 *
 * <p>Twins seed 002, "BoundedSemaphore" ({@code BoundedSemaphore(3)}), with processes
 * instead of threads and no HTTP request.
 */
@Command(name = "bounded-semaphore", mixinStandardHelpOptions = true,
        description = "Releasing a BoundedSemaphore more often than it was acquired fails (seed 002).")
public final class BoundedSemaphoreOverRelease implements Callable<Integer> {
    @AtLeast(1)
    @Option(names = "--workers", defaultValue = "3", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Semaphore semaphore = mp.boundedSemaphore(3);
            List<ChildProcess> procs = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                procs.add(mp.process(BoundedSemaphoreOverRelease::sendRequest, semaphore).start());
            }
            int exit = Children.joinAll(procs);
            System.out.println("value after all workers: " + semaphore.value());
            return exit;
        }
    }

    static void sendRequest(Semaphore semaphore) throws InterruptedException {
        semaphore.acquire();
        Thread.sleep(100);
        System.out.println("Request sent");
        release(semaphore);
        release(semaphore);
    }

    private static void release(Semaphore semaphore) {
        try {
            semaphore.release();
        } catch (SemaphoreOverReleaseException e) {
            System.out.println("release refused: " + e.getMessage());
        }
    }
}
