package io.ipc4j.examples;

import io.ipc4j.AsyncResult;
import io.ipc4j.Context;
import io.ipc4j.Manager;
import io.ipc4j.Pool;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Producers and consumers run as tasks of two pools over one queue held by a manager process,
 * which the pool tasks take as an argument (CPython's {@code manager.Queue()}, since a plain
 * queue cannot be passed to pool workers there). Each producer puts five products and then
 * {@code "end"}; a consumer stops at the first {@code "end"} it takes.
 * Every task is submitted with {@link Pool#applyAsync} and an error callback that prints
 * the task's exception, CPython's {@code error_callback=print_traceback}.
 *
 * <p>Twins seed 004, "Example of multiple producers and multiple consumers"
 * ({@code q = manager.Queue()}, {@code producer_pool} and {@code consumer_pool} of 2,
 * {@code apply_async(producer, args=(q, i), error_callback=print_traceback)}, random sleeps of up to 1 s scaled down to
 * 30 ms), flaw included: a consumer that takes one producer's {@code "end"} stops while the
 * other producer may still be producing, so products can be left behind; the demo counts
 * what is left in the queue at the end. {@code pool-producers-consumers} twins the seed's
 * fix. A producer that fails (hidden {@code --fail producer-N}) has its error callback put
 * the end marker it owed, so that no consumer is left waiting for it, and the demo exits
 * with 1.
 */
@Command(name = "producers-consumers", mixinStandardHelpOptions = true,
        description = "Many producers and many consumers as pool tasks over one queue, with an error callback "
                + "(seed 004).")
public final class ManyProducersManyConsumers implements Callable<Integer> {
    static final String END = "end";

    @AtLeast(1)
    @Option(names = "--producers", defaultValue = "2",
            description = "Producer pool size and producers (default: ${DEFAULT-VALUE}).")
    int producerCount;

    @AtLeast(1)
    @Option(names = "--consumers", defaultValue = "2",
            description = "Consumer pool size and consumers (default: ${DEFAULT-VALUE}).")
    int consumerCount;

    @Mixin
    FailOnPurpose fail;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (consumerCount > producerCount) {
            // each consumer stops at one producer's end marker: the extra ones would wait for ever, as in the seed
            throw OptionChecks.usageError(spec, "--consumers", "must be at most --producers (" + producerCount
                    + "), not " + consumerCount + ": each consumer stops at the end marker of one producer");
        }
        AtomicInteger errors = new AtomicInteger();
        try (Context mp = Context.create(); Manager manager = mp.manager()) {
            Queue<String> q = manager.queue(); // the seed's manager.Queue(), shared by the pool workers
            String failing = fail.process();
            Pool producerPool = mp.pool(producerCount);
            Pool consumerPool = mp.pool(consumerCount);
            List<AsyncResult<Object>> tasks = new ArrayList<>();
            Consumer<Throwable> producerFailed = e -> {
                printTraceback(e, errors);
                q.put(END); // the failed producer's end marker, so that no consumer waits for it
            };
            for (int i = 0; i < producerCount; i++) {
                tasks.add(producerPool.applyAsync((Integer id) -> producer(q, id, failing), i, null, producerFailed));
            }
            for (int i = 0; i < consumerCount; i++) {
                tasks.add(consumerPool.applyAsync((Integer id) -> consumer(q, id), i,
                        null, e -> printTraceback(e, errors)));
            }
            producerPool.close();
            consumerPool.close();
            boolean ended = producerPool.join(Children.WAIT) & consumerPool.join(Children.WAIT);
            for (AsyncResult<Object> task : tasks) {
                ended &= task.waitFor(Children.WAIT);
            }
            if (!ended) {
                System.out.println("tasks still running after " + Children.WAIT.toSeconds() + " s");
                producerPool.terminate();
                consumerPool.terminate();
                return 1;
            }
            int left = drain(q);
            if (left > 0) {
                System.out.println(left + " products left in the queue: a consumer stopped at the first end "
                        + "marker while a producer was still producing");
            }
        }
        return errors.get() == 0 ? 0 : 1;
    }

    /** CPython's {@code print_traceback(e)}: the exception, with its worker's stack trace as the cause. */
    static void printTraceback(Throwable e, AtomicInteger errors) {
        errors.incrementAndGet();
        synchronized (System.out) {
            e.printStackTrace(System.out);
        }
    }

    static Object producer(Queue<String> q, int producerId, String failing) throws InterruptedException {
        FailOnPurpose.here(failing, "producer-" + producerId);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(30));
            q.put("product " + i + " from producer " + producerId);
        }
        q.put(END); // to notify the consumer process that a producer process has exited
        System.out.println("producer " + producerId + " exits");
        return null;
    }

    static Object consumer(Queue<String> q, int consumerId) {
        while (true) {
            String product = q.get(Children.WAIT);
            if (END.equals(product)) {
                break;
            }
            System.out.println(product + " consumed by consumer " + consumerId);
        }
        System.out.println("consumer " + consumerId + " exits");
        return null;
    }

    private static int drain(Queue<String> q) {
        int left = 0;
        try {
            while (true) {
                if (!END.equals(q.getNowait())) {
                    left++;
                }
            }
        } catch (QueueEmptyException e) {
            return left;
        }
    }
}
