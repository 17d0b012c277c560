package io.ipc4j.internal.rpc;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Requests and replies over one channel to a coordinator. Frames are written under one
 * lock, so that everything one process sends on the channel keeps its order.
 */
public final class RpcClient implements FrameHandler {
    private final Map<Integer, Reply> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object writeLock = new Object();
    private volatile FrameChannel channel;
    private volatile boolean closed;
    private final Consumer<Throwable> onLost;
    private final long spinNanos;

    /**
     * @param spinNanos how long a caller spins for a reply before it parks
     * @param onLost    told once when the channel closes (null cause when closed by us)
     */
    public RpcClient(long spinNanos, Consumer<Throwable> onLost) {
        this.spinNanos = spinNanos;
        this.onLost = onLost;
    }

    /** Attaches the channel; called once after connecting with this client as its handler. */
    public void attach(FrameChannel channel) {
        this.channel = channel;
    }

    public FrameChannel channel() {
        return channel;
    }

    /** The lock under which every frame of this client is written. */
    public Object writeLock() {
        return writeLock;
    }

    /** Sends a request {@code [op][id][payload]} and returns its reply, to be awaited. */
    public Reply call(byte op, Consumer<FrameWriter> payload) {
        int id = nextId();
        FrameWriter w = FrameWriter.of(op, 64).putInt(id);
        payload.accept(w);
        Reply reply = new Reply(spinNanos, id);
        pending.put(id, reply);
        if (closed) {
            pending.remove(id);
            reply.fail(new ConnectionEOFException("the connection to the coordinator is closed"));
            return reply;
        }
        try {
            send(w.toBytes());
        } catch (RuntimeException e) {
            pending.remove(id);
            throw e;
        }
        return reply;
    }

    /** Sends a frame that wants no reply. */
    public void send(byte[] frame) {
        synchronized (writeLock) {
            channel.send(frame);
        }
    }

    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == 0);
        return id;
    }

    @Override
    public void onFrame(FrameChannel ch, byte[] frame) {
        FrameReader r = new FrameReader(frame);
        if (r.getByte() != Op.REPLY) {
            return;
        }
        Reply reply = pending.remove(r.getInt());
        if (reply != null) {
            byte status = r.getByte();
            reply.complete(status, r);
        }
    }

    @Override
    public void onClose(FrameChannel ch, Throwable cause) {
        closed = true;
        // At a child's exit nothing is pending: no exception (its stack trace, the message's
        // string concatenation linked for the first time) for the JVM to make while it exits.
        if (!pending.isEmpty()) {
            ConnectionEOFException eof = new ConnectionEOFException(
                    "the connection to the coordinator closed" + (cause == null ? "" : ": " + cause.getMessage()));
            pending.values().forEach(r -> r.fail(eof));
            pending.clear();
        }
        if (onLost != null) {
            onLost.accept(cause);
        }
    }

    /** Whether the channel closed, or this client was closed; set before any call fails for it. */
    public boolean isClosed() {
        return closed;
    }

    public void close() {
        closed = true;
        FrameChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
