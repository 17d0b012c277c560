package io.ipc4j;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts fresh dicts into a dict while another thread churns the young generation, so a proxy
 * referenced only by a call's arguments is collected during the call if nothing keeps it alive.
 * Prints "failures N" (run with a small young generation: {@code -Xmn8m -XX:+UseSerialGC}).
 */
public final class ManagerArgumentRaceMain {
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int failures = 0;
        try (Context mp = Context.create(); Manager m = mp.manager()) {
            Map<String, Object> outer = m.dict();
            AtomicBoolean stop = new AtomicBoolean();
            Thread churn = new Thread(() -> {
                while (!stop.get()) {
                    sink = new byte[64 * 1024];
                }
            });
            churn.setDaemon(true);
            churn.start();
            char[] c = new char[20_000];
            for (int i = 0; i < rounds; i++) {
                Arrays.fill(c, (char) ('a' + i % 26));
                String key = new String(c) + i;
                try {
                    outer.put(key, m.dict()); // the new proxy is referenced by nothing but the call's arguments
                } catch (RuntimeException e) {
                    if (failures++ == 0) {
                        e.printStackTrace();
                    }
                }
                outer.remove(key);
            }
            stop.set(true);
        }
        System.out.println("failures " + failures);
        System.exit(0);
    }
}
