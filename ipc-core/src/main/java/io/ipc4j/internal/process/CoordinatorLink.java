package io.ipc4j.internal.process;

import io.ipc4j.IpcException;
import io.ipc4j.internal.pipe.PipeEndpoint;
import io.ipc4j.internal.queue.QueueClient;
import io.ipc4j.internal.rpc.LocalChannel;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.FrameHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One process's connection to one coordinator, and the live state of that context's
 * handles in this process: queue clients and pipe endpoints. Connects on first use.
 */
public final class CoordinatorLink {
    private final String contextId;
    private final ChannelTransport transport;
    private final ChannelSettings settings;
    private final String address;
    private final long spinNanos;
    private final Duration pipeLinger;
    private final Consumer<Throwable> onLost;
    private final FrameHandler.Factory localServer;
    private final Map<Integer, QueueClient> queues = new ConcurrentHashMap<>();
    private final Set<PipeEndpoint> pipes = ConcurrentHashMap.newKeySet();
    private volatile RpcClient rpc;
    private volatile boolean closed;

    /**
     * @param localServer the coordinator's server when it lives in this process (reached
     *                    without a socket), else null
     */
    public CoordinatorLink(String contextId, ChannelTransport transport, ChannelSettings settings, String address,
                           long spinNanos, Duration pipeLinger, Consumer<Throwable> onLost,
                           FrameHandler.Factory localServer) {
        this.localServer = localServer;
        this.contextId = contextId;
        this.transport = transport;
        this.settings = settings;
        this.address = address;
        this.spinNanos = spinNanos;
        this.pipeLinger = pipeLinger;
        this.onLost = onLost;
    }

    public String contextId() {
        return contextId;
    }

    public ChannelTransport transport() {
        return transport;
    }

    public ChannelSettings settings() {
        return settings;
    }

    /** Where the coordinator listens. */
    public String address() {
        return address;
    }

    public Duration pipeLinger() {
        return pipeLinger;
    }

    public long spinNanos() {
        return spinNanos;
    }

    /** The request channel to the coordinator, connected on first use. */
    public RpcClient rpc() {
        RpcClient r = rpc;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (rpc == null) {
                if (closed) {
                    throw new IpcException("context " + contextId + " is closed");
                }
                RpcClient client = new RpcClient(spinNanos, cause -> {
                    if (!closed && onLost != null) {
                        onLost.accept(cause);
                    }
                });
                try {
                    client.attach(localServer != null ? LocalChannel.connect(localServer, client)
                            : transport.connect(settings, address, client, Duration.ofSeconds(30)));
                } catch (IOException e) {
                    throw new IpcException("cannot reach the coordinator of context " + contextId + " at "
                            + address + ": " + e.getMessage(), e);
                }
                rpc = client;
            }
            return rpc;
        }
    }

    /** The one client of queue {@code id} in this process. */
    public QueueClient queue(int id, int maxsize) {
        return queues.computeIfAbsent(id, k -> new QueueClient(this, id, maxsize));
    }

    public void forgetQueue(QueueClient client) {
        queues.remove(client.id(), client);
    }

    public void track(PipeEndpoint endpoint) {
        pipes.add(endpoint);
    }

    public void untrack(PipeEndpoint endpoint) {
        pipes.remove(endpoint);
    }

    /** Flushes and closes every queue client and pipe endpoint, then the channel. */
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException first = null;
        for (QueueClient q : new ArrayList<>(queues.values())) {
            try {
                q.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        long deadline = System.nanoTime() + pipeLinger.toNanos();
        for (PipeEndpoint p : new ArrayList<>(pipes)) {
            p.lingerAndClose(deadline);
        }
        closed = true;
        RpcClient r = rpc;
        if (r != null) {
            r.close();
        }
        ProcessRuntime.get().unregister(this);
        if (first != null) {
            throw first;
        }
    }
}
