package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Items a second through a Chronicle queue between child JVMs: {@code producers consumers items [rounds]}.
 * Small Integers, as CPython's queue benchmark sends. A measurement, not a test: it asserts nothing.
 */
public final class ChronicleThroughputMain {
    private ChronicleThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int producers = Integer.parseInt(args[0]);
        int consumers = Integer.parseInt(args[1]);
        int items = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (ChronicleFixture fx = new ChronicleFixture()) {
            Context mp = fx.mp;
            for (int round = 0; round < rounds; round++) {
                ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
                Queue<String> go = mp.queue();
                Queue<Long> done = mp.queue();
                int each = items / producers;
                List<ChildProcess> children = new ArrayList<>();
                for (int c = 0; c < consumers; c++) {
                    children.add(mp.process((Queue<Integer> in, Queue<Long> out) -> {
                        long n = 0;
                        for (Integer v = in.get(); v >= 0; v = in.get()) {
                            n++;
                        }
                        out.put(n);
                    }, q, done).start());
                }
                for (int p = 0; p < producers; p++) {
                    children.add(mp.process(() -> {
                        go.get();
                        for (int i = 0; i < each; i++) {
                            q.put(i);
                        }
                        done.put(-1L);
                    }).start());
                }
                q.put(0); // the consumers are attached and waiting once this is taken
                while (q.qsize() > 0) {
                    Thread.sleep(10);
                }
                Thread.sleep(300);
                long t0 = System.nanoTime();
                for (int p = 0; p < producers; p++) {
                    go.put("go");
                }
                for (int p = 0; p < producers; p++) {
                    done.get();
                }
                long putNanos = System.nanoTime() - t0;
                for (int c = 0; c < consumers; c++) {
                    q.put(-1);
                }
                long taken = 0;
                for (int c = 0; c < consumers; c++) {
                    taken += done.get();
                }
                long nanos = System.nanoTime() - t0;
                System.out.printf("%d->%d: %,d items in %.3f s: %,.0f items/s (puts done after %.3f s)%n", producers,
                        consumers, taken - 1, nanos / 1e9, (taken - 1) / (nanos / 1e9), putNanos / 1e9);
                for (ChildProcess child : children) {
                    child.join();
                }
            }
        }
    }
}
