package io.ipc4j.internal;

import io.ipc4j.Config;
import io.ipc4j.spi.Cluster;
import io.ipc4j.spi.ClusterProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Joins the cluster {@code ipc4j.cluster} names; loads no provider when it names none. */
public final class Clusters {
    private Clusters() {
    }

    /**
     * The coordinator's membership in the configured cluster, or null when {@code ipc4j.cluster}
     * is empty.
     *
     * @throws IllegalArgumentException naming the setting, the value and the providers found
     */
    public static Cluster join(Config config) {
        String name = config.get(Config.CLUSTER);
        if (name == null || name.isBlank()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                ClusterProvider.class.getClassLoader()}) {
            for (ClusterProvider p : ServiceLoader.load(ClusterProvider.class, loader)) {
                if (p.name().equals(name.trim())) {
                    return p.join(config);
                }
                names.add(p.name());
            }
        }
        throw new IllegalArgumentException("no cluster named '" + name + "' (setting " + Config.CLUSTER
                + "); available: " + (names.isEmpty() ? "none: put ipc-hazelcast on the class path" : names));
    }
}
