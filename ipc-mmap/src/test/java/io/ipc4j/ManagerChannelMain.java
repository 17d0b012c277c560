package io.ipc4j;

import java.util.Map;

/**
 * Starts a manager of a context on uds (the default) and prints where it listens and what a
 * child set through it; for a JVM started with no flag. Its arguments, {@code key=value}, are
 * settings of the context.
 */
public final class ManagerChannelMain {
    private ManagerChannelMain() {
    }

    public static void main(String[] args) {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String a : args) {
            settings.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        try (Context mp = Context.create(settings); Manager m = mp.manager()) {
            Map<String, Integer> d = m.dict();
            mp.process(() -> d.put("child", 7)).start().join();
            System.out.println(m + " child=" + d.get("child"));
        }
    }
}
