package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Manager;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A producer process puts random numbers on a queue and marks each as a key of a dict held by
 * a manager process; then one consumer process per CPU takes numbers until the queue is empty
 * and stores each number's Fibonacci value under its key. The main process prints the dict:
 * every process wrote into the same one, through the proxy it was given.
 *
 * <p>Twins seed 001, "Manager" ({@code fibo_dict = manager.dict()}, {@code producer_task},
 * {@code consumer_task}). The seed marks a key with {@code None}; a managed dict is a
 * {@code ConcurrentMap}, which holds no nulls, so a key not yet computed holds 0 here.
 */
@Command(name = "manager-fibonacci", mixinStandardHelpOptions = true,
        description = "Processes fill a Manager dict with Fibonacci numbers (seed 001).")
public final class ManagerFibonacci implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);

    @AtLeast(0)
    @Option(names = "--values", defaultValue = "15", description = "Numbers the producer puts (default: ${DEFAULT-VALUE}).")
    int values;

    @AtLeast(1)
    @Option(names = "--consumers", description = "Consumer processes (default: one per CPU).")
    Integer consumers;

    @AtLeast(0)
    @Option(names = "--get-timeout-ms", defaultValue = "50",
            description = "How long a consumer waits for a number before it takes the queue for empty and ends "
                    + "(default: ${DEFAULT-VALUE}, the seed's 0.05 s).")
    int getTimeoutMillis;

    @Override
    public Integer call() {
        int consumerCount = consumers == null ? Context.cpuCount() : consumers;
        try (Context mp = Context.create(); Manager manager = mp.manager();
             Children.Ending ending = Children.endOnExit(mp)) {
            Queue<Integer> dataQueue = mp.queue();
            Map<Integer, Long> fiboDict = manager.dict();
            int n = values;

            ChildProcess producer = mp.process(() -> producerTask(dataQueue, fiboDict, n)).start();
            if (Children.joinAll(producer) != 0) {
                return 1;
            }

            List<ChildProcess> consumerList = new ArrayList<>();
            for (int i = 0; i < consumerCount; i++) {
                Duration wait = Duration.ofMillis(getTimeoutMillis);
                consumerList.add(mp.process((Queue<Integer> q, Map<Integer, Long> d) -> consumerTask(q, d, wait),
                        dataQueue, fiboDict).start());
            }
            int exit = Children.joinAll(consumerList);

            log(fiboDict.toString());
            return exit;
        }
    }

    static void producerTask(Queue<Integer> q, Map<Integer, Long> fiboDict, int values) {
        for (int i = 0; i < values; i++) {
            int value = ThreadLocalRandom.current().nextInt(1, 21);
            fiboDict.put(value, 0L); // fiboDict: a dict held by the manager process
            log("Producer [" + Context.currentProcess().name() + "] putting value [" + value + "] into queue.. ");
            q.put(value);
        }
    }

    static void consumerTask(Queue<Integer> q, Map<Integer, Long> fiboDict, Duration wait) {
        while (!q.empty()) {
            int value;
            try {
                value = q.get(wait);
            } catch (QueueEmptyException anotherConsumerTookTheLast) {
                return; // the seed's q.get(True, 0.05) raises queue.Empty here and ends the process
            }
            long a = 0;
            long b = 1;
            for (int item = 0; item < value; item++) {
                long next = a + b;
                a = b;
                b = next;
                fiboDict.put(value, a);
            }
            log("consumer [" + Context.currentProcess().name() + "] getting value [" + value + "] from queue...");
        }
    }

    private static void log(String message) {
        System.out.println(LocalDateTime.now().format(TIME) + " - " + message);
    }
}
