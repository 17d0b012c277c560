package io.ipc4j.internal.process;

import io.ipc4j.IpcException;
import io.ipc4j.internal.rpc.LocalChannel;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.FrameHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One process's connection to one coordinator, and the live state of that context's
 * handles in this process, which the queue and pipe code keep here as {@link Part}s and
 * {@link Lingering} endpoints, so that they end with the link. Connects on first use.
 */
public final class CoordinatorLink {
    /** A registry that lives as long as the link, such as this process's queue clients; closed first. */
    public interface Part {
        /** Flushes and closes what it holds. */
        void close();
    }

    /** Something that may hold unsent data at exit and waits, up to a deadline, to hand it over. */
    public interface Lingering {
        void lingerAndClose(long deadlineNanos);
    }

    private final String contextId;
    private final ChannelTransport transport;
    private final ChannelSettings settings;
    private final String address;
    private final long spinNanos;
    private final Duration pipeLinger;
    private final Consumer<Throwable> onLost;
    private final FrameHandler.Factory localServer;
    private final Map<Class<?>, Part> parts = new ConcurrentHashMap<>();
    private final List<Part> partsInOrder = new ArrayList<>();
    private final Set<Lingering> lingering = ConcurrentHashMap.newKeySet();
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

    public boolean isClosed() {
        return closed;
    }

    /**
     * Whether the coordinator closed the link or went (this process did not close it): true
     * before any call waiting on the link fails for it.
     */
    public boolean isLost() {
        RpcClient r = rpc;
        return !closed && r != null && r.isClosed();
    }

    /** The link's part of this kind, made on first use. */
    public <T extends Part> T part(Class<T> kind, Function<CoordinatorLink, T> make) {
        Part p = parts.get(kind);
        if (p == null) {
            synchronized (partsInOrder) {
                p = parts.get(kind);
                if (p == null) {
                    p = make.apply(this);
                    parts.put(kind, p);
                    partsInOrder.add(p);
                }
            }
        }
        return kind.cast(p);
    }

    public void track(Lingering endpoint) {
        lingering.add(endpoint);
    }

    public void untrack(Lingering endpoint) {
        lingering.remove(endpoint);
    }

    /** Flushes and closes every queue client and pipe endpoint, then the channel. */
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException first = null;
        List<Part> all;
        synchronized (partsInOrder) {
            all = new ArrayList<>(partsInOrder);
        }
        for (Part p : all) {
            try {
                p.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        long deadline = System.nanoTime() + pipeLinger.toNanos();
        for (Lingering p : new ArrayList<>(lingering)) {
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
