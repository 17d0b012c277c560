package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Any serializable object goes through a queue: a child puts a list of mixed values
 * (with a null, Python's {@code None}) and the parent takes it before joining the child.
 *
 * <p>Twins seed 002, "Queue" ({@code q.put([42, None, 'hello'])}).
 */
@Command(name = "queue-list", mixinStandardHelpOptions = true,
        description = "A child puts [42, null, hello] in a queue, the parent prints it (seed 002).")
public final class ListThroughQueue implements Callable<Integer> {

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Queue<List<Object>> q = mp.queue();
            ChildProcess p = mp.process(ListThroughQueue::f, q).start();
            System.out.println(q.get(Children.WAIT));
            return Children.joinAll(p);
        }
    }

    static void f(Queue<List<Object>> q) {
        q.put(new ArrayList<>(Arrays.asList(42, null, "hello")));
    }
}
