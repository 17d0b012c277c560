package io.ipc4j.internal.pipe;

import io.ipc4j.Connection;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.internal.Lifetimes;
import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.spi.DirectChannel;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Connection} over one authenticated {@link DirectChannel}, as a
 * {@link io.ipc4j.Listener} accepts and a {@link io.ipc4j.Client} dials: the frames of a pipe
 * end (the same tags, so the same wire), without a coordinator behind it. It belongs to the
 * process that opened it. Dropped without {@link #close()}, it is closed once garbage-collected.
 */
public final class DirectConnection implements Connection {
    /** The tag of a message made by {@link #send(Object)}: a Kryo-serialized object. */
    static final byte OBJECT = 0;
    /** The tag of a message made by {@link #sendBytes}: raw bytes. */
    static final byte BYTES = 1;

    private final DirectChannel channel;
    private final String peer;
    private volatile boolean closed;
    /** Closes the channel once; run by {@link #close()}, which also lets the cleaner forget it. */
    private final Cleaner.Cleanable closer;

    /** @param peer the address this connection was accepted on or dialed, for messages */
    public DirectConnection(DirectChannel channel, String peer) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.peer = peer;
        this.closer = Lifetimes.CLEANER.register(this, channel::close);
    }

    /** A received message as the object or bytes it was sent as. */
    static Object decode(DirectChannel.Message m) {
        return m.tag() == BYTES ? m.body() : ObjectCodec.fromBytes(m.body());
    }

    @Override
    public void send(Object obj) {
        byte[] b = ObjectCodec.toBytes(obj);
        try {
            channel.send(OBJECT, b, 0, b.length);
        } finally {
            Reference.reachabilityFence(this); // not closed by the cleaner while in use
        }
    }

    @Override
    public Object recv() {
        return decode(receive(-1));
    }

    @Override
    public Object recv(Duration timeout) {
        return decode(receive(Timeouts.nanos(timeout)));
    }

    @Override
    public void sendBytes(byte[] bytes) {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            channel.send(BYTES, bytes, offset, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public byte[] recvBytes() {
        return receive(-1).body();
    }

    @Override
    public byte[] recvBytes(Duration timeout) {
        return receive(Timeouts.nanos(timeout)).body();
    }

    private DirectChannel.Message receive(long timeoutNanos) {
        try {
            DirectChannel.Message m = channel.receive(timeoutNanos);
            if (m == null) {
                throw new IpcTimeoutException("nothing was received from " + peer + " within "
                        + Duration.ofNanos(timeoutNanos));
            }
            return m;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Whether a frame (or the end of the stream) can be taken now: for {@link Connection#wait}. */
    boolean ready() {
        requireOpen();
        try {
            return channel.ready();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean poll() {
        return ready();
    }

    @Override
    public boolean poll(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        try {
            return ready() || channel.awaitReady(nanos);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    @Override
    public boolean readable() {
        return true;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        closer.clean(); // the cleaner holds the channel (and a shm segment's mapping) no longer
    }

    @Override
    public String toString() {
        return "Connection[" + peer + (closed ? " closed" : "") + "]";
    }
}
