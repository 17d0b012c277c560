package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's side of the control protocol: each authenticated connection gets a
 * {@link Session}, and each request goes to the part that owns it: children, pipes or queues.
 */
public final class ControlServer implements FrameHandler.Factory {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ChildRegistry children;
    private final PipeRendezvous pipes;
    private final QueueBroker queues;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicInteger refused = new AtomicInteger();
    /** Refusals are warned about at most once a second: a flood of connections must not flood the log. */
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final AtomicInteger unwarned = new AtomicInteger();

    public ControlServer(ChildRegistry children, PipeRendezvous pipes, QueueBroker queues) {
        this.children = children;
        this.pipes = pipes;
        this.queues = queues;
    }

    /** How many connections failed authentication. */
    public int refusedConnections() {
        return refused.get();
    }

    @Override
    public void onRefused(String peer, Throwable cause) {
        refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarned.compareAndSet(last, now)) {
            int more = unwarned.getAndSet(0);
            LOG.warn("refused a connection from {}: {}{}", peer, cause.getMessage(),
                    more == 0 ? "" : " (and " + more + " more since the last warning)");
        } else {
            unwarned.incrementAndGet();
            LOG.debug("refused a connection from {}: {}", peer, cause.getMessage());
        }
    }

    @Override
    public FrameHandler create(FrameChannel channel) {
        Session session = new Session(channel);
        return new FrameHandler() {
            @Override
            public void onFrame(FrameChannel ch, byte[] frame) {
                FrameReader r = new FrameReader(frame);
                byte op = r.getByte();
                int id = r.getInt();
                try {
                    dispatch(session, op, id, r);
                } catch (RuntimeException e) {
                    if (id != 0) {
                        session.replyError(id, RemoteError.IPC, "coordinator failed on request " + op + ": " + e);
                    } else {
                        // A message that wants no reply and cannot be handled: the peer is broken.
                        LOG.error("closing the channel of {}: cannot handle request {}", ch.peer(), op, e);
                        ch.close();
                    }
                }
            }

            @Override
            public void onClose(FrameChannel ch, Throwable cause) {
                session.markClosed();
                queues.sessionClosed(session);
                pipes.sessionClosed(session);
            }
        };
    }

    private void dispatch(Session s, byte op, int id, FrameReader r) {
        switch (op) {
            case Op.HELLO:
                children.hello(s, id, r);
                break;
            case Op.SPARE_WARM:
                children.warm(s, r);
                break;
            case Op.PIPE_CLAIM:
            case Op.PIPE_REGISTER:
                pipes.handle(s, op, id, r);
                break;
            case Op.SYNC:
                s.replyOk(id);
                break;
            case Op.TARGET_NOT_LOADED:
                // The child prints it too, but its output may go where no one looks.
                LOG.warn("{}", r.getString());
                s.replyOk(id);
                break;
            default:
                queues.handle(s, op, id, r);
        }
    }
}
