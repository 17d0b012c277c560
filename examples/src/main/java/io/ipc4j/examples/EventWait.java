package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Event;
import io.ipc4j.IntValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Two processes wait for an event; the parent sets it after a pause and clears it at
 * once, and both print "Hello world": a waiter returns for every {@code set()} that
 * happened while it waited, even when the flag is already clear again.
 *
 * <p>Twins seed 002, "Event" (two threads, {@code event.wait()}, {@code time.sleep(5)},
 * {@code event.set()}, {@code event.clear()}), with processes and a shorter pause. Child
 * JVMs take a moment to start, so the parent first waits until both are waiting.
 */
@Command(name = "event", mixinStandardHelpOptions = true,
        description = "Two processes wait for an Event the parent sets (seed 002).")
public final class EventWait implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "500", description = "Pause before set() (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Mixin
    FailOnPurpose fail;

    @Override
    public Integer call() throws InterruptedException {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Event event = mp.event();
            IntValue waiting = mp.intValue(0);
            String failing = fail.process();
            ChildProcess t1 = mp.process(() -> hello(event, waiting, failing)).name("waiter-1").start();
            ChildProcess t2 = mp.process(() -> hello(event, waiting, failing)).name("waiter-2").start();
            List<ChildProcess> waiters = List.of(t1, t2);
            if (!Children.awaitOrEnded(() -> waiting.get() == 2, waiters)) {
                return Children.joinAll(waiters);
            }
            Thread.sleep(delayMs);
            FailOnPurpose.here(failing);
            event.set();
            event.clear();
            return Children.joinAll(waiters);
        }
    }

    static void hello(Event event, IntValue waiting, String failing) {
        FailOnPurpose.here(failing);
        waiting.addAndGet(1);
        event.waitFor();
        System.out.println("Hello world");
    }
}
