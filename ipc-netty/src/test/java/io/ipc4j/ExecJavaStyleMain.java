package io.ipc4j;

import java.time.Duration;
import java.util.List;

/** A program that starts a child using a queue and a pool: run by {@link IsolatedLauncherMain} in a test. */
public final class ExecJavaStyleMain {
    private ExecJavaStyleMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create()) {
            Queue<Integer> q = mp.queue();
            ChildProcess child = mp.process((Queue<Integer> out) -> out.put(42), q).start();
            Integer got = q.get(Duration.ofSeconds(30));
            child.join();
            try (Pool pool = mp.pool(1)) {
                System.out.println("queue " + got + " pool " + pool.map((Integer x) -> x * 2, List.of(1, 2, 3)));
            }
        }
        System.exit(0);
    }
}
