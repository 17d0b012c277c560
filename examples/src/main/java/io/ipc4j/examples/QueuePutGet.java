package io.ipc4j.examples;

import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code put} and {@code get} on a process queue, used from one process.
 *
 * <p>Twins seed 004, "Queue - Example of the put() and get() method" (the colors). In the
 * seed's output the popping loop prints nothing, because CPython's feeder thread had not
 * yet moved the items into the pipe when {@code empty()} was asked; an ipc4j queue
 * delivers a process's own puts before answering, so the colors come back out.
 */
@Command(name = "queue-colors", mixinStandardHelpOptions = true,
        description = "Put four colors in a queue and take them out again, in one process (seed 004).")
public final class QueuePutGet implements Callable<Integer> {

    @Override
    public Integer call() {
        List<String> colors = List.of("red", "green", "blue", "black");
        try (Context mp = Context.create()) {
            Queue<String> queue = mp.queue();
            System.out.println("pushing items to queue:");
            int cnt = 1;
            for (String color : colors) {
                System.out.println("item no: " + cnt + " " + color);
                queue.put(color);
                cnt++;
            }
            System.out.println();
            System.out.println("popping items from queue:");
            cnt = 0;
            while (!queue.empty()) {
                System.out.println("item no: " + cnt + " " + queue.get(Children.WAIT));
                cnt++;
            }
            return 0;
        }
    }
}
