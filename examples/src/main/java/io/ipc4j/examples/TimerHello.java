package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * "Hello World" printed by a timer after a delay; a second timer is cancelled before it
 * fires and prints nothing.
 *
 * <p>Twins seed 002, "Timer" ({@code Timer(2, hello)}, {@code start()}, {@code cancel()}),
 * with the delay scaled down by {@code --delay-ms}. Plain JDK: a
 * {@link ScheduledExecutorService} is Java's {@code threading.Timer}, and
 * {@code ScheduledFuture.cancel} its {@code cancel()}.
 */
@Command(name = "timer", mixinStandardHelpOptions = true,
        description = "Run a function after a delay, and cancel another (seed 002, threading).")
public final class TimerHello implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "200", description = "Timer delay (default: ${DEFAULT-VALUE}).")
    long delayMs;

    @Override
    public Integer call() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> t = timers.schedule(() -> System.out.println("Hello World"), delayMs,
                    TimeUnit.MILLISECONDS);
            ScheduledFuture<?> cancelled = timers.schedule(() -> System.out.println("never printed"), delayMs,
                    TimeUnit.MILLISECONDS);
            System.out.println("cancelled the second timer: " + cancelled.cancel(false));
            t.get();
            return 0;
        } finally {
            timers.shutdown();
        }
    }
}
