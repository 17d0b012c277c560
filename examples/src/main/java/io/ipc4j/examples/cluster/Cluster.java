package io.ipc4j.examples.cluster;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.IntArray;
import io.ipc4j.Queue;
import io.ipc4j.examples.AtLeast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * Producer JVMs put the numbers 0..N-1 (each its own range) into one queue; consumer JVMs
 * take and sum them and report through a second queue. The coordinator prints progress,
 * sends one end marker per consumer once the producers are done, and finally prints the
 * throughput and checks that every number arrived exactly once.
 *
 * <p>Scales up seed 004, "Example of multiple producers and multiple consumers", into a
 * load test with a checksum.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Producer and consumer JVMs over one queue, with progress, throughput and a checksum.")
public final class Cluster implements Callable<Integer> {
    @AtLeast(1)
    @Option(names = "--producers", defaultValue = "2", description = "Producer processes (default: ${DEFAULT-VALUE}).")
    int producers;

    @AtLeast(1)
    @Option(names = "--consumers", defaultValue = "2", description = "Consumer processes (default: ${DEFAULT-VALUE}).")
    int consumers;

    @AtLeast(0)
    @Option(names = "--items", defaultValue = "200000", description = "Items to send (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--chaos", description = "Kill a random consumer with SIGKILL every few hundred ms "
            + "while the producers run, and start a new one in its place.")
    boolean chaos;

    @AtLeast(1)
    @Option(names = "--chaos-interval-ms", defaultValue = "300",
            description = "Mean time between two kills with --chaos (default: ${DEFAULT-VALUE}).")
    long chaosIntervalMs;

    @Option(names = "--queue", paramLabel = "TRANSPORT", description = "The queue transport (setting ipc4j.queue): "
            + "broker, or chronicle with ipc-chronicle on the class path (default: the setting's value, broker "
            + "unless configured otherwise).")
    String queue;

    @Option(names = "--join", paramLabel = "HOST:PORT,...", description = "Spread the producers and consumers "
            + "over the ipc4j nodes of this Hazelcast cluster (settings ipc4j.cluster=hazelcast and "
            + "ipc4j.cluster.join); the key comes from ipc4j.authkey.file or IPC4J_AUTHKEY_FILE.")
    String join;

    @AtLeast(1)
    @Option(names = "--timeout-seconds", defaultValue = "60",
            description = "Give up when nothing moves for this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Duration wait = Duration.ofSeconds(timeoutSeconds);
        // An unknown transport fails here, naming the setting, the value and the transports found.
        Map<String, String> settings = new java.util.HashMap<>();
        if (queue != null) {
            settings.put(Config.QUEUE, queue);
        }
        if (join != null) {
            settings.put(Config.CLUSTER, "hazelcast");
            settings.put(Config.CLUSTER_JOIN, join);
        }
        try (Context mp = Context.create(settings)) {
            ClusterCoordinator.say("cluster: %d producers, %d consumers, %d items", producers, consumers, items);
            ClusterCoordinator.say("queue transport: %s", mp.config().get(Config.QUEUE));
            Queue<Integer> work = mp.queue();
            Queue<ConsumerReport> reports = mp.queue();
            IntArray seen = chaos ? mp.intArray(items) : null;
            IntFunction<ChildProcess> startConsumer = id -> mp.process(
                    () -> ClusterWorkers.consume(id, work, reports, wait, seen)).name("consumer-" + id).start();
            List<ChildProcess> consumerProcs = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                consumerProcs.add(startConsumer.apply(c));
            }
            List<ChildProcess> producerProcs = new ArrayList<>();
            long[] producerItems = new long[producers];
            for (int p = 0; p < producers; p++) {
                int from = (int) ((long) items * p / producers);
                int to = (int) ((long) items * (p + 1) / producers);
                producerItems[p] = to - from;
                producerProcs.add(mp.process(() -> ClusterWorkers.produce(work, from, to))
                        .name("producer-" + p).start());
            }
            Chaos monkey = chaos ? new Chaos(consumerProcs, startConsumer, Duration.ofMillis(chaosIntervalMs), seen) : null;
            return new ClusterCoordinator(items, work, reports, producerProcs, producerItems, consumerProcs, wait, start,
                    monkey).run();
        }
    }
}
