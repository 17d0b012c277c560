package io.ipc4j.hazelcast;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A coordinator in a JVM of its own, for the tests that kill it or watch what it loads.
 * {@code CoordinatorMain JOIN KEYFILE N} starts N children on the cluster that sleep for
 * ever, prints {@code child HOST PID} for each and {@code ready}, then waits;
 * {@code CoordinatorMain local} runs one child on this machine and exits.
 */
public final class CoordinatorMain {
    private CoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("local")) {
            try (Context mp = Context.create()) {
                Queue<String> q = mp.queue();
                mp.process((Queue<String> queue) -> queue.put("done"), q).start().join();
                System.out.println("local child: " + q.get());
            }
            return;
        }
        Context mp = Context.create(Map.of("ipc4j.cluster", "hazelcast", "ipc4j.cluster.join", args[0],
                "ipc4j.authkey.file", args[1]));
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            // a target that uses no handle: only the child's runtime and its node notice the coordinator's end
            children.add(mp.process(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start());
        }
        for (ChildProcess c : children) {
            System.out.println("child " + c.host() + " " + c.pid());
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
