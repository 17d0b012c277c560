package io.ipc4j.spi;

import io.ipc4j.Config;

/**
 * A cluster of hosts that can run a coordinator's children, found with
 * {@link java.util.ServiceLoader} and chosen by {@link #name()} through the
 * {@code ipc4j.cluster} setting. Core loads no provider when that setting is empty (the
 * default): children then run on the coordinator's machine, as always.
 */
public interface ClusterProvider {

    /** The value of {@code ipc4j.cluster} that selects this provider, for example {@code hazelcast}. */
    String name();

    /**
     * Joins the cluster as a coordinator, with the settings {@code ipc4j.cluster.join},
     * {@code ipc4j.cluster.bind} and {@code ipc4j.authkey.file} of {@code config}.
     *
     * @throws io.ipc4j.IpcException naming the setting or the cause when the cluster cannot be joined
     */
    Cluster join(Config config);
}
