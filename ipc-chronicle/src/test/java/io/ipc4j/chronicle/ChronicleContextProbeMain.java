package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.Map;

/** A context on Chronicle queues whose child puts one item: for tests of a fresh coordinator JVM. */
public final class ChronicleContextProbeMain {
    private ChronicleContextProbeMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle"))) {
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Queue<String> out) -> out.put("ok"), q).start();
            System.out.println(q.get(Duration.ofSeconds(60)));
            child.join(Duration.ofSeconds(60));
        }
    }
}
