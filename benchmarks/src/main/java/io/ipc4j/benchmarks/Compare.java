package io.ipc4j.benchmarks;

import io.ipc4j.Config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ipc4j side of {@code benchmarks/compare}: runs one workload once and prints its
 * figure on the first line of standard output, then extra figures as {@code key=value}
 * lines. Usage: {@code Compare pipe_rtt|pipe_rtt_shm|queue_1p1c|queue_2p2c|value_lock|pool_map|manager_dict|manager_dict_shm|child_start|child_start_spare|pool_start|pool_start_spares|pool_map_first|event_wakeup|waiter_idle_cpu [rounds=N] [warmup=N] [warm_ms=N] [n=N] [channel=uds|tcp|shm]
 * [queue=broker|chronicle]}. Settings such as {@code -Dipc4j.spinNanos} apply as usual.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Compare pipe_rtt|pipe_rtt_shm|queue_1p1c|queue_2p2c|value_lock|pool_map|manager_dict|manager_dict_shm|child_start|child_start_spare|pool_start|pool_start_spares|pool_map_first|event_wakeup|waiter_idle_cpu [rounds=N] [warmup=N] [warm_ms=N] [n=N] [channel=uds|tcp|shm] [queue=broker|chronicle]");
            System.exit(2);
        }
        Map<String, String> options = parseOptions(args);
        Map<String, String> settings = new HashMap<>();
        if (options.containsKey("channel")) {
            settings.put(Config.CHANNEL, options.get("channel"));
        }
        if (options.containsKey("queue")) {
            settings.put(Config.QUEUE, options.get("queue"));
        }
        switch (args[0]) {
            case "pipe_rtt", "pipe_rtt_shm" -> {
                if (args[0].equals("pipe_rtt_shm")) {
                    // pipe_rtt over the same-host shared-memory channel
                    settings.put(Config.CHANNEL, "shm");
                }
                PipeRttWorkload.Result r = PipeRttWorkload.run(settings, intOption(options, "warmup", 1000),
                        intOption(options, "rounds", 20000), intOption(options, "warm_ms", 3000));
                System.out.println(format(r.medianMicros()));
                System.out.println("p99_us=" + format(r.p99Micros()));
                System.out.println("min_us=" + format(r.minMicros()));
                System.out.println("mean_us=" + format(r.meanMicros()));
                System.out.println("cold_us=" + format(r.coldMedianMicros()));
            }
            case "queue_1p1c" -> {
                QueueOneToOneWorkload.Result r = QueueOneToOneWorkload.run(settings, intOption(options, "n", 200000));
                System.out.println(Math.round(r.itemsPerSecond()));
                System.out.println("steady_items_per_s=" + Math.round(r.steadyItemsPerSecond()));
                System.out.println("first_item_ms=" + format(r.firstItemMillis()));
            }
            case "queue_2p2c" -> {
                QueueTwoToTwoWorkload.Result r = QueueTwoToTwoWorkload.run(settings, intOption(options, "n", 100000));
                System.out.println(Math.round(r.itemsPerSecond()));
                System.out.println("steady_items_per_s=" + Math.round(r.steadyItemsPerSecond()));
                System.out.println("warm_items_per_s=" + Math.round(r.warmItemsPerSecond()));
            }
            case "value_lock" -> {
                ValueLockWorkload.Result r = ValueLockWorkload.run(settings, intOption(options, "n", 20_000_000));
                System.out.println(Math.round(r.opsPerSecond()));
                System.out.println("uncontended_ns=" + format(r.uncontendedNanos()));
                System.out.println("event_wakeup_us=" + format(r.wakeupMicros()));
                System.out.println("event_wakeup_spinning_us=" + format(r.spinningWakeupMicros()));
                System.out.println("waiter_cpu_ms=" + format(r.waiterCpuMillis()));
            }
            case "cluster_pool_map" -> {
                // pool_map with the workers on the nodes at join=host:port,... (the key: IPC4J_AUTHKEY_FILE)
                PoolMapWorkload.Result r = PoolMapWorkload.run(ClusterWorkload.cluster(options.get("join")),
                        intOption(options, "n", 2_000_000));
                System.out.println(String.format(Locale.ROOT, "%.4f", r.mapSeconds()));
                System.out.println("pool_start_ms=" + format(r.startMillis()));
            }
            case "cluster_queue" -> {
                // from=HOST to=HOST|coordinator: a producer on one node, its consumer on another or here
                String to = options.getOrDefault("to", "coordinator");
                System.out.println(Math.round(ClusterWorkload.queueItemsPerSecond(
                        ClusterWorkload.cluster(options.get("join")), options.get("from"),
                        to.equals("coordinator") ? null : to, intOption(options, "n", 200_000))));
            }
            case "pool_map" -> {
                PoolMapWorkload.Result r = PoolMapWorkload.run(settings, intOption(options, "n", 10_000_000));
                System.out.println(String.format(Locale.ROOT, "%.4f", r.mapSeconds()));
                System.out.println("pool_start_ms=" + format(r.startMillis()));
                System.out.println("warm_map_s=" + String.format(Locale.ROOT, "%.4f", r.mapSeconds()));
                System.out.println("serial_s=" + String.format(Locale.ROOT, "%.4f", r.serialSeconds()));
            }
            case "manager_dict", "manager_dict_shm" -> {
                if (args[0].endsWith("_shm")) {
                    // the context, hence its manager's connections, on the same-host shared-memory channel
                    settings.put(Config.CHANNEL, "shm");
                }
                ManagerDictWorkload.Result r = ManagerDictWorkload.run(settings, intOption(options, "warmup", 30000),
                        intOption(options, "n", 20000));
                System.out.println(format(r.setMicros()));
                System.out.println("get_us=" + format(r.getMicros()));
                System.out.println("cold_set_us=" + format(r.coldSetMicros()));
            }
            case "child_start", "child_start_spare" -> {
                StartWorkload.Result r = StartWorkload.childStart(settings, intOption(options, "rounds", 5),
                        args[0].equals("child_start_spare"));
                System.out.println(format(r.medianMillis()));
                System.out.println("first_ms=" + format(r.firstMillis()));
            }
            case "pool_start", "pool_start_spares" -> {
                StartWorkload.Result r = StartWorkload.poolStart(settings, intOption(options, "rounds", 3),
                        args[0].equals("pool_start_spares"));
                System.out.println(format(r.medianMillis()));
                System.out.println("first_ms=" + format(r.firstMillis()));
            }
            case "pool_map_first" -> System.out.println(String.format(Locale.ROOT, "%.4f",
                    StartWorkload.poolMapFirst(settings, intOption(options, "n", 10_000_000))));
            case "event_wakeup" -> {
                WakeupWorkload.Result r = WakeupWorkload.eventWakeup(settings, intOption(options, "rounds", 2000),
                        intOption(options, "pause_ms", 2));
                System.out.println(format(r.warmMicros()));
                System.out.println("cold_us=" + format(r.coldMicros()));
            }
            case "waiter_idle_cpu" -> System.out.println(format(WakeupWorkload.waiterIdleCpu(settings)));
            default -> {
                System.err.println("unknown workload " + args[0] + "; known: pipe_rtt, pipe_rtt_shm, queue_1p1c, queue_2p2c, value_lock, pool_map, manager_dict, manager_dict_shm, "
                        + "child_start, child_start_spare, pool_start, pool_start_spares, pool_map_first, event_wakeup, waiter_idle_cpu, "
                        + "cluster_pool_map, cluster_queue (both need a cluster: benchmarks/cluster)");
                System.exit(2);
            }
        }
        System.out.flush();
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
            }
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String v = options.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
