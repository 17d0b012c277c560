package io.ipc4j.examples;

import picocli.CommandLine.Command;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A thread puts {@code Status=true} in a map; after {@code join()} the main thread sees
 * it, since threads share their process's memory. (A child process's change does not come
 * back: see {@code global-variable}.)
 *
 * <p>Twins seed 002, "Thread example" ({@code data["Status"] = True} in a thread, then
 * {@code print data}). A plain JDK thread; {@code join()} also makes the thread's write
 * visible to the main thread.
 */
@Command(name = "thread-dict", mixinStandardHelpOptions = true,
        description = "A thread's change to a map is seen by the main thread (seed 002, threading).")
public final class ThreadSharedDict implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Boolean> data = new HashMap<>();
        Thread t = new Thread(() -> data.put("Status", true));
        t.start();
        t.join();
        System.out.println(data);
        return 0;
    }
}
