package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A queue between two children: the first fills it and ends, then the second empties
 * it and prints what it took. The parent only creates the queue and passes it on.
 *
 * <p>Twins seed 003, "Communication between processes - Queue"
 * ({@code square_list} and {@code print_queue}).
 */
@Command(name = "queue-between-children", mixinStandardHelpOptions = true,
        description = "One child fills a queue, a second child prints its elements (seed 003).")
public final class QueueBetweenChildren implements Callable<Integer> {

    @Override
    public Integer call() {
        ArrayList<Long> mylist = new ArrayList<>(List.of(1L, 2L, 3L, 4L));
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<Long> q = mp.queue();
            ChildProcess p1 = mp.process(QueueBetweenChildren::squareList, mylist, q).start();
            int exit = Children.joinAll(p1);
            ChildProcess p2 = mp.process(QueueBetweenChildren::printQueue, q).start();
            return exit | Children.joinAll(p2);
        }
    }

    static void squareList(List<Long> mylist, Queue<Long> q) {
        for (long num : mylist) {
            q.put(num * num);
        }
    }

    static void printQueue(Queue<Long> q) {
        System.out.println("Queue elements:");
        while (!q.empty()) {
            System.out.println(q.get(Children.WAIT));
        }
        System.out.println("Queue is now empty!");
    }
}
