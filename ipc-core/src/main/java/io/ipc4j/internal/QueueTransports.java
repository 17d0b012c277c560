package io.ipc4j.internal;

import io.ipc4j.Config;
import io.ipc4j.spi.QueueTransport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the queue transport configured in {@code ipc4j.queue}. */
public final class QueueTransports {
    private QueueTransports() {
    }

    /**
     * The transport named {@code name}.
     *
     * @throws IllegalArgumentException naming the setting, the value and the transports found
     */
    public static QueueTransport find(String name) {
        Map<String, QueueTransport> found = all();
        QueueTransport t = found.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no queue transport named '" + name + "' (setting " + Config.QUEUE
                    + "); available: " + new ArrayList<>(found.keySet()));
        }
        return t;
    }

    /** What every queue transport on the class path asks of a child JVM of this Java version, each once. */
    public static List<String> childJvmOptions() {
        java.util.Set<String> options = new java.util.LinkedHashSet<>();
        for (QueueTransport t : all().values()) {
            options.addAll(t.childJvmOptions(Runtime.version().feature()));
        }
        return List.copyOf(options);
    }

    /** The classes every queue transport on the class path asks the children's class-data archive to hold; never throws. */
    public static List<String> archiveClasses() {
        List<String> names = new ArrayList<>();
        try {
            for (QueueTransport t : all().values()) {
                try {
                    names.addAll(t.archiveClasses());
                } catch (RuntimeException | LinkageError ignored) {
                    // the archive holds fewer classes: children read those from the jars
                }
            }
        } catch (RuntimeException | ServiceConfigurationError ignored) {
            // the same
        }
        return names;
    }

    /**
     * Lets every queue transport on the class path ready this child JVM for the context, until
     * {@code stop} says so; never throws.
     */
    public static void prepareChild(String contextId, java.util.function.BooleanSupplier stop) {
        try {
            for (QueueTransport t : all().values()) {
                try {
                    t.prepareChild(contextId, stop);
                } catch (RuntimeException | LinkageError ignored) {
                    // only a warm-up: the first real use reports what is wrong
                }
            }
        } catch (RuntimeException | ServiceConfigurationError ignored) {
            // the same
        }
    }

    /** Lets every queue transport on the class path free what a dead coordinator left; never throws. */
    public static void deleteOrphaned(String contextId) {
        try {
            for (QueueTransport t : all().values()) {
                try {
                    t.deleteOrphaned(contextId);
                } catch (RuntimeException ignored) {
                    // best effort while exiting: the next transport may still clean up
                }
            }
        } catch (RuntimeException | ServiceConfigurationError ignored) {
            // best effort while exiting
        }
    }

    /**
     * The transports the context class loader sees, then those ipc4j's own loader sees, so
     * that the broker is found even where the context class loader cannot see ipc4j.
     */
    private static Map<String, QueueTransport> all() {
        Map<String, QueueTransport> byName = new LinkedHashMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(QueueTransport.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            for (QueueTransport t : ServiceLoader.load(QueueTransport.class, loader)) {
                byName.putIfAbsent(t.name(), t);
            }
        }
        return byName;
    }
}
