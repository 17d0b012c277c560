package io.ipc4j.hazelcast;

import io.ipc4j.Config;
import io.ipc4j.spi.Cluster;
import io.ipc4j.spi.ClusterProvider;

/**
 * {@code ipc4j.cluster=hazelcast}: the coordinator joins a Hazelcast cluster of ipc4j nodes
 * ({@link NodeMain}) as a lite member and starts its children on them.
 */
public final class HazelcastClusterProvider implements ClusterProvider {
    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Cluster join(Config config) {
        return HazelcastCluster.join(config);
    }
}
