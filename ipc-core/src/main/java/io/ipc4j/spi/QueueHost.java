package io.ipc4j.spi;

import io.ipc4j.Config;

/** What a coordinator tells a {@link QueueTransport} when it opens the queues of its context. */
public interface QueueHost {

    /** The id of the context, which names its resources in every process (for example its directory in {@code /dev/shm}). */
    String contextId();

    /** The settings of the context, resolved. */
    Config config();
}
