package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several producers and several consumers share one queue. Each producer puts five
 * products; once every producer has ended, the parent puts one {@code "end"} per
 * consumer, so no consumer stops while another producer still has products on the way.
 *
 * <p>Twins seed 004, "Example of multiple producers and multiple consumers", with the
 * exit flaw named in its "Fixing bugs in multi-provider multi-consumer code" section
 * fixed by where the end markers come from rather than by a shared counter and locks.
 * The other flaw there, garbled lines, is avoided without a lock: each line is printed
 * with one {@code println} of a finished string, which a child writes in one piece.
 */
@Command(name = "producers-consumers", mixinStandardHelpOptions = true,
        description = "Many producers and many consumers over one queue, with end markers (seed 004).")
public final class ManyProducersManyConsumers implements Callable<Integer> {
    static final String END = "end";

    @AtLeast(1)
    @Option(names = "--producers", defaultValue = "2", description = "Producer processes (default: ${DEFAULT-VALUE}).")
    int producerCount;

    @AtLeast(1)
    @Option(names = "--consumers", defaultValue = "2", description = "Consumer processes (default: ${DEFAULT-VALUE}).")
    int consumerCount;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<String> q = mp.queue();
            List<ChildProcess> producers = new ArrayList<>();
            List<ChildProcess> consumers = new ArrayList<>();
            for (int i = 0; i < producerCount; i++) {
                producers.add(mp.process(ManyProducersManyConsumers::producer, q, i).name("producer-" + i));
            }
            for (int i = 0; i < consumerCount; i++) {
                consumers.add(mp.process(ManyProducersManyConsumers::consumer, q, i).name("consumer-" + i));
            }
            producers.forEach(ChildProcess::start);
            consumers.forEach(ChildProcess::start);
            int exit = Children.joinAll(producers);
            for (int i = 0; i < consumerCount; i++) {
                q.put(END);
            }
            return exit | Children.joinAll(consumers);
        }
    }

    static void producer(Queue<String> q, Integer producerId) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(30));
            q.put("product " + i + " from producer " + producerId);
        }
        System.out.println("producer " + producerId + " exits");
    }

    static void consumer(Queue<String> q, Integer consumerId) {
        while (true) {
            String product = q.get(Children.WAIT);
            if (END.equals(product)) {
                break;
            }
            System.out.println(product + " consumed by consumer " + consumerId);
        }
        System.out.println("consumer " + consumerId + " exits");
    }
}
