package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Condition;
import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntArray;
import io.ipc4j.IntValue;
import io.ipc4j.LongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Consumer processes wait on a condition until a shared queue has items; the producer
 * fills it and signals them all; each consumer takes one number and stores its Fibonacci
 * number in a shared array, which the parent prints as a map.
 *
 * <p>Twins seed 001, "Fibonacci Example" ({@code threading.Condition},
 * {@code fibonacci_task} and {@code queue_task}), with processes instead of threads: the
 * queue is a shared array with a shared head index, the dict a shared array of results.
 * As in the seed, every consumer is waiting on the condition before {@code queue_task}
 * fills the queue and notifies them: child JVMs start slower than threads, so the main
 * process counts the waiters first.
 */
@Command(name = "condition-fibonacci", mixinStandardHelpOptions = true,
        description = "Consumer processes wait on a Condition for numbers, then compute Fibonacci (seed 001).")
public final class ConditionFibonacci implements Callable<Integer> {
    @AtLeast(0)
    @Option(names = "--numbers", split = ",", defaultValue = "3,10,5,7",
            description = "Input numbers, one consumer process each (default: ${DEFAULT-VALUE}).")
    List<Integer> numbers;

    @Override
    public Integer call() throws InterruptedException {
        int n = numbers.size();
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Condition condition = mp.condition();
            IntArray queue = mp.intArray(n);
            IntValue queued = mp.intValue(0);
            IntValue taken = mp.intValue(0);
            IntValue waiting = mp.intValue(0);
            LongArray results = mp.longArray(n);
            List<ChildProcess> consumers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "fibonacci_task_process" + (i + 1);
                consumers.add(mp.process(() -> fibonacciTask(name, condition, queue, queued, taken, waiting, results))
                        .name(name).start());
            }
            if (!Children.awaitOrEnded(() -> waiting.get() == n, consumers)) {
                return Children.joinAll(consumers);
            }
            queueTask(condition, queue, queued, numbers);
            int exit = Children.joinAll(consumers);
            Map<Integer, Long> fibo = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                fibo.put(queue.get(i), results.get(i));
            }
            log("[MainProcess] - Result: " + fibo);
            return exit;
        }
    }

    static void fibonacciTask(String name, Condition condition, IntArray queue, IntValue queued, IntValue taken,
                              IntValue waiting, LongArray results) {
        try (Held held = condition.acquire()) {
            while (taken.get() == queued.get()) {
                log("[" + name + "] - waiting for elements in queue...");
                waiting.addAndGet(1);
                condition.await();
            }
            int slot = taken.getAndAdd(1);
            int value = queue.get(slot);
            long a = 0;
            long b = 1;
            for (int k = 0; k < value; k++) {
                long next = a + b;
                a = b;
                b = next;
            }
            results.set(slot, a);
            log("[" + name + "] fibonacci of key [" + value + "] with result [" + a + "]");
        }
    }

    static void queueTask(Condition condition, IntArray queue, IntValue queued, List<Integer> items) {
        log("Starting queue_task...");
        try (Held held = condition.acquire()) {
            for (int item : items) {
                queue.set(queued.get(), item);
                queued.addAndGet(1);
            }
            log("[MainProcess] - Notifying fibonacci_task processes that the queue is ready to consume..");
            condition.signalAll();
        }
    }

    private static void log(String message) {
        System.out.println(LocalTime.now() + " - " + message);
    }
}
