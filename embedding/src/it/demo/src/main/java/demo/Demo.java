package demo;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Pool;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.List;

/** A child that puts into a Queue and a Pool that maps, both running this project's own classes. */
public final class Demo {
    private Demo() {
    }

    public static String run() {
        try (Context mp = Context.create()) {
            Queue<Integer> q = mp.queue();
            ChildProcess child = mp.process(() -> q.put(Square.of(7))).start();
            Integer fromChild = q.get(Duration.ofSeconds(60));
            if (!child.join(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the child did not end");
            }
            try (Pool pool = mp.pool(2)) {
                List<Integer> squares = pool.map(Square::of, List.of(1, 2, 3));
                return "DEMO queue=" + fromChild + " pool=" + squares + " exit=" + child.exitCode().orElseThrow();
            }
        }
    }
}
