package io.ipc4j.examples;

import io.ipc4j.AsyncResult;
import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.Manager;
import io.ipc4j.Pool;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Producers and consumers run as tasks of two pools and share one queue held by a manager
 * process. Each producer puts five products and an {@code "end"} marker; a consumer counts
 * the end markers in a managed value under a managed lock and stops only when every producer
 * has ended, so no product is left behind; prints go through another managed lock. Every task
 * is submitted with {@link Pool#applyAsync} and an error callback that prints the task's
 * exception with the worker's stack trace, CPython's {@code error_callback=print_traceback}.
 * A producer that fails (hidden {@code --fail producer-N}, before its products) has its error
 * callback put the end marker it owed, so that the consumers still end; the demo exits with 1.
 *
 * <p>Twins seed 004, "Example of multiple producers and multiple consumers" in its fixed
 * form, "Fixing bugs in multi-provider multi-consumer code" ({@code producer_pool} and
 * {@code consumer_pool}, {@code apply_async(..., error_callback=print_traceback)},
 * {@code q = manager.Queue()}, {@code print_lock} and {@code count_lock = manager.Lock()},
 * {@code exited_producer_count = manager.Value('i', 0)}, {@code q.get_nowait()}). As in the
 * seed, the queue, value and locks come from a Manager: pool tasks take their proxies as
 * arguments. A consumer waits up to 10 ms for a product instead of spinning on
 * {@code get_nowait()}, each try being a round trip to the manager.
 */
@Command(name = "pool-producers-consumers", mixinStandardHelpOptions = true,
        description = "Producers and consumers as pool tasks over one queue, with an error callback (seed 004).")
public final class PoolProducersConsumers implements Callable<Integer> {
    static final String END = "end";

    @AtLeast(1)
    @Option(names = "--producers", defaultValue = "2", description = "Producer pool size and producers (default: ${DEFAULT-VALUE}).")
    int producerCount;

    @AtLeast(1)
    @Option(names = "--consumers", defaultValue = "2", description = "Consumer pool size and consumers (default: ${DEFAULT-VALUE}).")
    int consumerCount;

    @Mixin
    FailOnPurpose fail;

    /** The handles a consumer needs. */
    record Shared(Queue<String> q, Lock printLock, IntValue exitedProducerCount, Lock countLock) {
    }

    @Override
    public Integer call() {
        AtomicInteger errors = new AtomicInteger();
        try (Context mp = Context.create();
             Manager manager = mp.manager();
             Pool producerPool = mp.pool(producerCount);
             Pool consumerPool = mp.pool(consumerCount)) {
            Queue<String> q = manager.queue();
            IntValue exitedProducerCount = manager.intValue(0); // the seed's manager.Value('i', 0)
            Lock printLock = manager.lock();
            Lock countLock = manager.lock();
            Shared s = new Shared(q, printLock, exitedProducerCount, countLock);
            int producers = producerCount;
            String failing = fail.process();
            Consumer<Throwable> producerFailed = e -> {
                printTraceback(e, errors);
                q.put(END); // the failed producer's end marker, so that the consumers do not wait for it
            };
            List<AsyncResult<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < producerCount; i++) {
                tasks.add(producerPool.applyAsync((Integer id) -> producer(q, id, printLock, failing), i,
                        null, producerFailed));
            }
            for (int i = 0; i < consumerCount; i++) {
                tasks.add(consumerPool.applyAsync((Integer id) -> consumer(s, id, producers, failing), i,
                        null, e -> printTraceback(e, errors)));
            }
            for (AsyncResult<Object> task : tasks) {
                if (!task.waitFor(Children.WAIT)) {
                    System.err.println("a task did not finish within " + Children.WAIT.toSeconds() + " s");
                    return 1;
                }
            }
        }
        return errors.get() == 0 ? 0 : 1;
    }

    /** CPython's {@code print_traceback(e)}: the exception, its worker's stack trace as the cause. */
    static void printTraceback(Throwable e, AtomicInteger errors) {
        errors.incrementAndGet();
        synchronized (System.out) {
            System.out.print("error_callback: ");
            e.printStackTrace(System.out);
        }
    }

    static Object producer(Queue<String> q, int producerId, Lock printLock, String failing) throws InterruptedException {
        FailOnPurpose.here(failing, "producer-" + producerId);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(10, 50));
            q.put("product " + i + " from producer " + producerId);
        }
        q.put(END); // to notify the consumers that a producer has exited
        try (Held held = printLock.acquire()) {
            System.out.println("producer " + producerId + " exits");
        }
        return null;
    }

    static Object consumer(Shared s, int consumerId, int producerCount, String failing) {
        FailOnPurpose.here(failing, "consumer-" + consumerId);
        while (true) {
            String product;
            try {
                product = s.q().get(Duration.ofMillis(10));
            } catch (QueueEmptyException e) {
                if (s.exitedProducerCount().get() == producerCount) {
                    break; // all producers have exited
                }
                continue;
            }
            if (END.equals(product)) {
                try (Held held = s.countLock().acquire()) {
                    s.exitedProducerCount().set(s.exitedProducerCount().get() + 1);
                }
                continue;
            }
            try (Held held = s.printLock().acquire()) {
                System.out.println(product + " consumed by consumer " + consumerId);
            }
        }
        try (Held held = s.printLock().acquire()) {
            System.out.println("consumer " + consumerId + " exits");
        }
        return null;
    }
}
