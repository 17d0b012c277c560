package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A producer child puts five items at random intervals, then {@code "end"}; a consumer
 * child prints items until it takes {@code "end"}.
 *
 * <p>Twins seed 004, "Example of one producer and one consumer" (the random sleeps of up
 * to 1 s scaled down to {@code --max-delay-ms}).
 */
@Command(name = "producer-consumer", mixinStandardHelpOptions = true,
        description = "One producer and one consumer over a queue, with an end marker (seed 004).")
public final class OneProducerOneConsumer implements Callable<Integer> {
    static final String END = "end";

    @AtLeast(0)
    @Option(names = "--max-delay-ms", defaultValue = "50",
            description = "Longest random pause before each put (default: ${DEFAULT-VALUE}).")
    int maxDelayMs;

    @Mixin
    FailOnPurpose fail;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<Object> q = mp.queue();
            int maxDelay = maxDelayMs;
            String failing = fail.process();
            ChildProcess p1 = mp.process(() -> producer(q, maxDelay, failing)).name("producer");
            ChildProcess p2 = mp.process(() -> consumer(q, failing)).name("consumer");
            p1.start();
            p2.start();
            return Children.joinAll(p1, p2);
        }
    }

    static void producer(Queue<Object> q, int maxDelayMs, String failing) throws InterruptedException {
        FailOnPurpose.here(failing);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(maxDelayMs + 1));
            q.put(i);
        }
        q.put(END);
        System.out.println("producer exits");
    }

    static void consumer(Queue<Object> q, String failing) {
        FailOnPurpose.here(failing);
        while (true) {
            Object product = q.get(Children.WAIT);
            if (END.equals(product)) {
                break;
            }
            System.out.println(product);
        }
        System.out.println("consumer exits");
    }
}
