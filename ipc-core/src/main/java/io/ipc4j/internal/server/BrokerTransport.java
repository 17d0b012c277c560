package io.ipc4j.internal.server;

import io.ipc4j.IpcException;
import io.ipc4j.JoinableQueue;
import io.ipc4j.internal.queue.QueueHandle;
import io.ipc4j.spi.ContextQueues;
import io.ipc4j.spi.QueueHost;
import io.ipc4j.spi.QueueTransport;

/**
 * Queues hosted by the coordinator's {@link QueueBroker} and reached over its control
 * channels: the {@code broker} setting of {@code ipc4j.queue}, and its default. The broker
 * lives in the coordinator, so it works wherever a channel does, across hosts included.
 */
public final class BrokerTransport implements QueueTransport {

    /** A {@link QueueHost} whose coordinator runs a broker: only ipc4j's own coordinator is one. */
    public interface Host extends QueueHost {
        /** The broker that the coordinator's control server hands queue requests to. */
        QueueBroker broker();
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public ContextQueues open(QueueHost host) {
        if (!(host instanceof Host h)) {
            throw new IpcException("the broker queue transport runs only in an ipc4j coordinator, not in " + host);
        }
        return new Queues(h.contextId(), h.broker());
    }

    /** The broker lives in the coordinator, so it dies with it and leaves nothing behind. */
    @Override
    public void deleteOrphaned(String contextId) {
        // The ledger blocks are shared memory, which its provider frees.
    }

    private record Queues(String contextId, QueueBroker broker) implements ContextQueues {
        @Override
        public <T> JoinableQueue<T> create(int maxsize, boolean joinable) {
            // Bound here, so that the queue lives exactly while a handle to it is reachable in the coordinator.
            return new QueueHandle<T>(contextId, broker.create(maxsize, joinable), maxsize, joinable).bind();
        }

        @Override
        public int liveQueues() {
            return broker.queueCount();
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
