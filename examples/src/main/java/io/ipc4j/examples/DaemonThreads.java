package io.ipc4j.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two threads add items to a total while a third, looping forever, takes 3 away whenever
 * the total passes 5. As a daemon thread the limiter does not keep the program alive:
 * when the creators finish, the program ends.
 *
 * <p>Twins seed 000, "Demo 5 - 7, Daemon Threads" ({@code creates_items_1},
 * {@code creates_items_2}, {@code limits_items} with {@code daemon=True}; the 1 s
 * sleeps scaled down by {@code --delay-ms}). Plain JDK threads: {@code setDaemon(true)}
 * is Python's {@code daemon=True}. Java differs in two ways: without a global
 * interpreter lock, {@code total += 1} from two threads is a real data race, so the
 * total is an {@link AtomicInteger}; and {@code limitor.join()} on a thread that never
 * ends would hang here just as in the seed's Demo 5, so it is not called.
 */
@Command(name = "daemon-threads", mixinStandardHelpOptions = true,
        description = "A daemon limiter thread does not keep the program alive (seed 000, threading).")
public final class DaemonThreads implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--delay-ms", defaultValue = "20", description = "Pause per step (default: ${DEFAULT-VALUE}).")
    long delayMs;

    private final AtomicInteger total = new AtomicInteger(4);
    /** A daemon thread dies with its JVM; this ends it also when the command runs inside a longer-lived JVM, as in tests. */
    private volatile boolean ended;

    @Override
    public Integer call() throws InterruptedException {
        Thread creator1 = new Thread(() -> createItems("creates_items_1", 10));
        Thread creator2 = new Thread(() -> createItems("creates_items_2", 7));
        Thread limitor = new Thread(this::limitItems);
        limitor.setDaemon(true);
        creator1.start();
        creator2.start();
        limitor.start();
        creator1.join();
        creator2.join();
        ended = true;
        System.out.println("---------- End of Program ----------");
        return 0;
    }

    private void createItems(String name, int count) {
        for (int i = 0; i < count; i++) {
            pause();
            System.out.println(name + " : added item, total is now " + total.incrementAndGet());
        }
        System.out.println("---------- " + name + " : Done ----------");
    }

    private void limitItems() {
        while (!ended) {
            if (total.get() > 5) {
                System.out.println("limits_items : overload");
                total.addAndGet(-3);
                System.out.println("limits_items : subtracted 3");
            } else {
                pause();
                System.out.println("limits_items : waiting");
            }
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
