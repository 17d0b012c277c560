package io.ipc4j.internal.pipe;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.Connection;
import io.ipc4j.IpcException;
import io.ipc4j.internal.Lifetimes;
import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.internal.wire.PipeIntent;
import io.ipc4j.spi.DirectChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Connection} handle: which pipe, which end, which directions. It travels into
 * children as these ids; the live {@link PipeEndpoint} is made in the process that first
 * uses the end.
 *
 * <p>While an end is unused, the coordinator is told where its copies go (see
 * {@link io.ipc4j.internal.server.PipeRendezvous}): a copy in a child's target is handed to
 * that child ({@link PipeHandover}); a copy serialized in any other way is passed on to
 * places unknown; a copy closed unused is dropped.
 */
public final class PipeEnd implements Connection, KryoSerializable {
    private static final byte OBJECT = DirectConnection.OBJECT;
    private static final byte BYTES = DirectConnection.BYTES;

    private String contextId;
    private String pipeId;
    private int side;
    private boolean readable;
    private boolean writable;
    private transient volatile PipeEndpoint endpoint;
    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(PipeEnd.class);
    }

    /** Closes the endpoint once, when this end is closed or collected; set with {@link #endpoint}. */
    private transient Cleaner.Cleanable closer;
    private transient volatile boolean sentAway;
    private transient PipeEnd sibling;
    /** Held by both ends made together in the coordinator, see {@link MadePipes}. */
    private transient Twins twins;
    private transient volatile boolean closedUnused;
    private transient volatile boolean passedOnTold;

    /** What the two ends made together share: whether either was sent to another process. */
    static final class Twins {
        final AtomicBoolean sentAway = new AtomicBoolean();
    }

    /**
     * For reading ({@link #read}): with a constructor without arguments the codec makes an end
     * through reflection, instead of generating a serialization-constructor class for it
     * (several ms of a child's first read of a pipe end, a pool worker's included).
     */
    private PipeEnd() {
    }

    public PipeEnd(String contextId, String pipeId, int side, boolean readable, boolean writable) {
        this.contextId = contextId;
        this.pipeId = pipeId;
        this.side = side;
        this.readable = readable;
        this.writable = writable;
    }

    /** Which end of its pipe this is, 0 (left) or 1 (right). */
    public int side() {
        return side;
    }

    /** The id of the pipe, as the coordinator knows it. */
    public String pipeId() {
        return pipeId;
    }

    /** Pairs the two ends made together, so that one can tell whether the other was sent away. */
    static Twins pair(PipeEnd a, PipeEnd b) {
        Twins t = new Twins();
        a.sibling = b;
        b.sibling = a;
        a.twins = t;
        b.twins = t;
        return t;
    }

    PipeEndpoint endpoint() {
        if (closedUnused) {
            throw new IllegalStateException("this connection is closed");
        }
        PipeEndpoint e = endpoint;
        if (e == null) {
            synchronized (this) {
                if (endpoint == null) {
                    PipeEndpoint fresh = new PipeEndpoint(ProcessRuntime.get().link(contextId), pipeId, side);
                    fresh.open();
                    endpoint = fresh;
                    // Dropped without close(), the end is closed as CPython's Connection.__del__ does.
                    closer = Lifetimes.CLEANER.register(this, fresh::close);
                }
                e = endpoint;
            }
        }
        return e;
    }

    /**
     * Opens this end now rather than at its first use. The end of a pipe opened first listens
     * and takes what its peer sends from then on, even if the peer dies before this end reads it.
     */
    public void openNow() {
        endpoint();
    }

    /**
     * In the process that made the pipe: when the other end went to a child and this one
     * stayed, open this one now, so that the child's messages have somewhere to go.
     */
    public void openIfPeerSentAway() {
        if (endpoint == null && !sentAway && !closedUnused && sibling != null && sibling.sentAway) {
            endpoint();
        }
    }

    /** Whether this end no longer waits to be opened by {@link #openIfPeerSentAway()}. */
    public boolean settled() {
        return endpoint != null || closedUnused || sentAway;
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("this end of a one-way pipe is read-only");
        }
    }

    private void requireReadable() {
        if (!readable) {
            throw new IllegalStateException("this end of a one-way pipe is write-only");
        }
    }

    @Override
    public void send(Object obj) {
        requireWritable();
        byte[] b = ObjectCodec.toBytes(obj);
        try {
            endpoint().send(OBJECT, b, 0, b.length);
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
        return decode(receive(nanos(timeout)));
    }

    private static Object decode(DirectChannel.Message m) {
        return DirectConnection.decode(m);
    }

    @Override
    public void sendBytes(byte[] bytes) {
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        requireWritable();
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            endpoint().send(BYTES, bytes, offset, length);
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
        return receive(nanos(timeout)).body();
    }

    private DirectChannel.Message receive(long timeoutNanos) {
        requireReadable();
        try {
            return endpoint().receive(timeoutNanos);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean poll() {
        return poll(Duration.ZERO);
    }

    @Override
    public boolean poll(Duration timeout) {
        requireReadable();
        PipeEndpoint e = endpoint();
        try {
            return e.ready() || e.awaitReady(nanos(timeout));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean readable() {
        return readable;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public boolean isClosed() {
        PipeEndpoint e = endpoint;
        return closedUnused || (e != null && e.isClosed());
    }

    @Override
    public void close() {
        PipeEndpoint e;
        Cleaner.Cleanable c;
        boolean dropped = false;
        synchronized (this) {
            e = endpoint;
            c = closer;
            if (e == null) {
                dropped = !closedUnused;
                closedUnused = true;
            }
        }
        if (e != null) {
            // closes the endpoint, and the cleaner no longer holds it: a closed end's channel (a shm
            // segment's mapping) goes with the first collection that finds this end unreachable
            c.clean();
        } else if (dropped) {
            tell(PipeIntent.DROPPED);
        }
    }

    /** Closes this end if it was neither used nor sent from this process: for a context that closes. */
    public void dropIfKept() {
        if (endpoint == null && !sentAway) {
            close();
        }
    }

    /**
     * Closes this end at once, dropping what waits for a peer that has not dialed in: for
     * an end whose peer process is known to be dead.
     */
    public void abort() {
        PipeEndpoint e;
        boolean dropped = false;
        synchronized (this) {
            e = endpoint;
            if (e == null) {
                dropped = !closedUnused;
                closedUnused = true;
            }
        }
        if (e != null) {
            e.abort();
        } else if (dropped) {
            tell(PipeIntent.DROPPED);
        }
    }

    /**
     * Tells the coordinator what became of this process's unused copy. Best effort: a
     * process that cannot reach the end's coordinator was never one of its known holders.
     */
    private void tell(byte intent) {
        long pid = ProcessHandle.current().pid();
        try {
            ProcessRuntime.get().link(contextId).rpc()
                    .call(Op.PIPE_CLAIM, w -> w.putString(pipeId).putByte(side).putLong(pid).putByte(intent)).get();
        } catch (IpcException | IllegalStateException unreachable) {
            log().debug("could not tell the coordinator of {} about {}: {}", contextId, this, unreachable.getMessage());
        }
    }

    static long nanos(Duration timeout) {
        return Timeouts.nanos(timeout);
    }

    @Override
    public void write(Kryo kryo, Output output) {
        sentAway = true;
        Twins t = twins;
        if (t != null) {
            t.sentAway.set(true);
        }
        if (endpoint == null && !closedUnused && !PipeHandover.collect(this, contextId) && !passedOnTold) {
            passedOnTold = true;
            tell(PipeIntent.PASSED_ON);
        }
        output.writeString(contextId);
        output.writeString(pipeId);
        output.writeByte(side);
        output.writeBoolean(readable);
        output.writeBoolean(writable);
    }

    @Override
    public void read(Kryo kryo, Input input) {
        contextId = input.readString();
        pipeId = input.readString();
        side = input.readByte();
        readable = input.readBoolean();
        writable = input.readBoolean();
    }

    @Override
    public String toString() {
        return "Connection[pipe " + pipeId + " end " + side + (readable ? " r" : "") + (writable ? "w" : "") + "]";
    }
}
