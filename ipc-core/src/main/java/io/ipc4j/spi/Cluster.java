package io.ipc4j.spi;

/**
 * A coordinator's membership in a cluster of hosts ({@link ClusterProvider#join}): it
 * places children on the cluster's nodes and starts them there. The children dial back to
 * the coordinator over its own authenticated TCP channels, bound to {@link #routableHost()}.
 */
public interface Cluster extends AutoCloseable {

    /** The address of this machine that the nodes can reach: the coordinator's TCP channels bind to it. */
    String routableHost();

    /**
     * Starts a child JVM on a node: the one whose host is {@link RemoteLaunch#pinnedHost()}
     * if given, else one chosen by the provider's placement policy.
     *
     * @throws io.ipc4j.ProcessStartException naming the node or the pinned host when no node
     *         could start it; nothing runs then
     */
    RemoteChild launch(RemoteLaunch launch);

    /** Leaves the cluster; children still running on nodes are ended by their nodes. */
    @Override
    void close();
}
