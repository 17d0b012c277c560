package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What going remote costs, on a cluster of ipc4j nodes ({@code benchmarks/cluster} makes one
 * of network namespaces): a queue's throughput from a producer on one host to a consumer on
 * another, and {@code pool_map} with its two workers on two nodes (see {@link PoolMapWorkload}).
 */
public final class ClusterWorkload {
    private ClusterWorkload() {
    }

    /** The settings of a coordinator in the cluster whose nodes are at {@code join}, the key from the environment. */
    public static Map<String, String> cluster(String join) {
        Map<String, String> settings = new HashMap<>();
        settings.put(Config.CLUSTER, "hazelcast");
        settings.put(Config.CLUSTER_JOIN, join);
        return settings;
    }

    /**
     * Items per second through a broker queue from a producer on {@code producerHost} to a
     * consumer on {@code consumerHost} (null: the coordinator itself takes them), from the
     * first item taken to the sentinel, so that a remote JVM's start is not counted.
     */
    public static double queueItemsPerSecond(Map<String, String> settings, String producerHost, String consumerHost,
                                             int n) {
        try (Context mp = Context.create(settings)) {
            Queue<Integer> queue = mp.queue();
            Queue<Double> result = mp.queue();
            ChildProcess consumer = null;
            if (consumerHost != null) {
                consumer = mp.process(ClusterWorkload::consume, queue, result).onHost(consumerHost).start();
            }
            ChildProcess producer = mp.process(Targets::produce, queue, n).onHost(producerHost).start();
            double perSecond = consumerHost != null ? result.get(Duration.ofMinutes(5)) : consume(queue);
            join(producer);
            if (consumer != null) {
                join(consumer);
            }
            return perSecond;
        }
    }

    /** Takes until the sentinel; puts the items per second since the first one on {@code result}. */
    static void consume(Queue<Integer> queue, Queue<Double> result) {
        result.put(consume(queue));
    }

    private static double consume(Queue<Integer> queue) {
        Integer v = queue.get();
        long first = System.nanoTime();
        long count = 0;
        while (v != null) {
            count++;
            v = queue.get();
        }
        return (count - 1) / ((System.nanoTime() - first) / 1e9);
    }

    private static void join(ChildProcess p) {
        if (!p.join(Duration.ofSeconds(60)) || p.exitCode().orElse(1) != 0) {
            throw new IllegalStateException(p + " did not end well: " + p.exitCode());
        }
    }
}
