package io.ipc4j.chronicle;

import java.nio.file.Path;

/** Makes a queue under args[0], puts and takes one item, and says "ok" on stdout: for tests of a fresh JVM. */
public final class ChronicleProbeMain {
    private ChronicleProbeMain() {
    }

    public static void main(String[] args) {
        try (ChronicleQueues queues = new ChronicleQueues(Path.of(args[0]))) {
            ChronicleQueueHandle<String> q = queues.create(0, false);
            q.put("ok");
            System.out.println(q.get());
        }
    }
}
