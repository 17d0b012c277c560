package io.ipc4j.internal.server;

import io.ipc4j.FrameTooLargeException;
import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.spi.FrameChannel;

import java.util.function.Consumer;

/** One authenticated process connected to the coordinator: the channel and how to reply on it. */
public final class Session {
    private final FrameChannel channel;
    private volatile boolean closed;

    Session(FrameChannel channel) {
        this.channel = channel;
    }

    /** Replies to request {@code id}; a closed session drops the reply. */
    public void reply(int id, byte status, Consumer<FrameWriter> payload) {
        if (id == 0 || closed) {
            return;
        }
        FrameWriter w = FrameWriter.of(Op.REPLY, 32).putInt(id).putByte(status);
        if (payload != null) {
            payload.accept(w);
        }
        try {
            channel.send(w.toBytes());
        } catch (FrameTooLargeException e) {
            // The requester would wait forever for a reply that cannot be sent: tell it why.
            if (status != Op.STATUS_ERROR) {
                replyError(id, RemoteError.IPC, "the reply to this request is too large to send: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            closed = true;
        }
    }

    public void replyOk(int id) {
        reply(id, Op.STATUS_OK, null);
    }

    public void replyError(int id, byte kind, String message) {
        reply(id, Op.STATUS_ERROR, w -> RemoteError.encode(w, kind, message));
    }

    @Override
    public String toString() {
        return "session of " + channel.peer();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection: the peer sees its end, and the parts that serve it are told it closed. */
    void close() {
        closed = true;
        channel.close();
    }

    void markClosed() {
        closed = true;
    }
}
