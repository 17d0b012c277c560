package io.ipc4j.examples;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Lock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One process per name prints "hello NAME" while it holds a shared lock, so that no two
 * greetings are printed at once; they come in whatever order the processes get the lock.
 *
 * <p>Twins seed 004, "Locks" ({@code greeting(l, i)} with {@code l.acquire()} and
 * {@code l.release()}, one {@code Process} per name of
 * {@code ['Alex', 'Sam', 'Bernard', 'Patrick', 'Jude', 'Williams']}). The seed never
 * joins its processes, and its output shows four of the six greetings; here the parent
 * joins them all, so all six are printed.
 */
@Command(name = "lock-greeting", mixinStandardHelpOptions = true,
        description = "Processes greet one at a time under a shared Lock (seed 004).")
public final class LockGreeting implements Callable<Integer> {
    @Option(names = "--names", split = ",", defaultValue = "Alex,Sam,Bernard,Patrick,Jude,Williams",
            description = "Names, one process each (default: ${DEFAULT-VALUE}).")
    List<String> names;

    @Override
    public Integer call() {
        try (Context mp = Context.create(); Children.Ending ending = Children.endOnExit(mp)) {
            Lock lock = mp.lock();
            List<ChildProcess> procs = new ArrayList<>();
            for (String name : names) {
                procs.add(mp.process(LockGreeting::greeting, lock, name).name("greeting-" + name).start());
            }
            return Children.joinAll(procs);
        }
    }

    static void greeting(Lock l, String i) {
        l.acquire();
        System.out.println("hello " + i);
        l.release();
    }
}
