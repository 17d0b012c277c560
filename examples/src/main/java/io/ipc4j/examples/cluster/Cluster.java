package io.ipc4j.examples.cluster;

import io.ipc4j.ChildProcess;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

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
    @Option(names = "--producers", defaultValue = "2", description = "Producer processes (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--consumers", defaultValue = "2", description = "Consumer processes (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--items", defaultValue = "200000", description = "Items to send (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--timeout-seconds", defaultValue = "60",
            description = "Give up when nothing moves for this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (producers < 1 || consumers < 1 || items < 0 || timeoutSeconds < 1) {
            System.err.println("need --producers >= 1, --consumers >= 1, --items >= 0, --timeout-seconds >= 1");
            return CommandLine.ExitCode.USAGE;
        }
        ClusterCoordinator.say("cluster: %d producers, %d consumers, %d items", producers, consumers, items);
        long start = System.nanoTime();
        Duration wait = Duration.ofSeconds(timeoutSeconds);
        try (Context mp = Context.create()) {
            Queue<Integer> work = mp.queue();
            Queue<ConsumerReport> reports = mp.queue();
            List<ChildProcess> consumerProcs = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                int id = c;
                consumerProcs.add(mp.process(() -> ClusterWorkers.consume(id, work, reports, wait))
                        .name("consumer-" + c).start());
            }
            List<ChildProcess> producerProcs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int from = (int) ((long) items * p / producers);
                int to = (int) ((long) items * (p + 1) / producers);
                producerProcs.add(mp.process(() -> ClusterWorkers.produce(work, from, to))
                        .name("producer-" + p).start());
            }
            return new ClusterCoordinator(items, work, reports, producerProcs, consumerProcs, wait, start).run();
        }
    }
}
