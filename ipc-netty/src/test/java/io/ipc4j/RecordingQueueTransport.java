package io.ipc4j;

import io.ipc4j.internal.server.BrokerTransport;
import io.ipc4j.spi.ContextQueues;
import io.ipc4j.spi.QueueHost;
import io.ipc4j.spi.QueueTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue transport for tests of the queue SPI, named {@code recording}: its queues are
 * the broker's, and it keeps a directory per context, as a transport with files would,
 * so that tests see it opened, closed and cleaned up after a killed coordinator.
 */
public final class RecordingQueueTransport implements QueueTransport {
    /** Queues made, by context id. */
    static final Map<String, AtomicInteger> MADE = new ConcurrentHashMap<>();

    /** The directory this transport keeps while the context's queues are open. */
    static Path directory(String contextId) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ipc4j-recording-" + contextId);
    }

    @Override
    public String name() {
        return "recording";
    }

    /** Every child gets it, so that tests see the options of a transport reach children. */
    @Override
    public java.util.List<String> childJvmOptions(int javaFeature) {
        return java.util.List.of("-Dipc4j.test.recording.feature=" + javaFeature);
    }

    @Override
    public ContextQueues open(QueueHost host) {
        Path dir = directory(host.contextId());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ContextQueues broker = new BrokerTransport().open(host);
        AtomicInteger made = MADE.computeIfAbsent(host.contextId(), id -> new AtomicInteger());
        return new ContextQueues() {
            @Override
            public <T> JoinableQueue<T> create(int maxsize, boolean joinable) {
                made.incrementAndGet();
                return broker.create(maxsize, joinable);
            }

            @Override
            public int liveQueues() {
                return broker.liveQueues();
            }

            @Override
            public void close() {
                broker.close();
                deleteOrphaned(host.contextId());
            }
        };
    }

    @Override
    public void deleteOrphaned(String contextId) {
        try {
            Files.deleteIfExists(directory(contextId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
