package io.ipc4j;

import java.util.Map;

/** Starts a manager of a context on uds (the default) and prints where it listens; for a JVM with or without Agrona's flag. */
public final class ManagerOnUdsMain {
    private ManagerOnUdsMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create(); Manager m = mp.manager()) {
            Map<String, Integer> d = m.dict();
            mp.process(() -> d.put("child", 7)).start().join();
            System.out.println(m + " child=" + d.get("child"));
        }
    }
}
