package io.ipc4j.internal.pipe;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The live end of a pipe in this process. The first end of a pipe to be used listens on
 * a private socket (and keeps what it sends until the peer dials in); the second dials
 * it. Received frames wait in an inbox; a receiver spins briefly before it parks.
 */
public final class PipeEndpoint implements FrameHandler {
    private final CoordinatorLink link;
    private final String pipeId;
    private final int side;

    private final ConcurrentLinkedQueue<byte[]> inbox = new ConcurrentLinkedQueue<>();
    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean eof;
    private volatile Throwable eofCause;

    private FrameChannel channel;
    private ChannelServer server;
    private List<byte[]> outbox = new ArrayList<>();
    private volatile boolean closed;

    PipeEndpoint(CoordinatorLink link, String pipeId, int side) {
        this.link = link;
        this.pipeId = pipeId;
        this.side = side;
    }

    /** Claims this end at the coordinator, then listens or dials. */
    void open() {
        long pid = ProcessHandle.current().pid();
        Reply claim = link.rpc().call(Op.PIPE_CLAIM, w -> w.putString(pipeId).putByte(side).putLong(pid));
        claim.get();
        byte status = claim.status();
        if (status == Op.STATUS_LISTEN) {
            try {
                server = link.transport().listen(link.settings(), "p" + pipeId + side, new FrameHandler.Factory() {
                    @Override
                    public FrameHandler create(FrameChannel ch) {
                        return accept(ch);
                    }
                });
            } catch (IOException e) {
                throw new IpcException("cannot listen for the other end of the pipe: " + e.getMessage(), e);
            }
            String address = server.address();
            link.rpc().call(Op.PIPE_REGISTER, w -> w.putString(pipeId).putByte(side).putString(address)).get();
        } else {
            String address = claim.payload().getString();
            try {
                FrameChannel ch = link.transport().connect(link.settings(), address, this, Duration.ofSeconds(30));
                synchronized (this) {
                    channel = ch;
                    outbox = null;
                }
            } catch (IOException e) {
                // The listening end is gone: it was closed before we came.
                markEof(null);
            }
        }
        link.track(this);
    }

    private synchronized FrameHandler accept(FrameChannel ch) {
        if (channel != null || closed) {
            ch.close();
            return new FrameHandler() {
                @Override
                public void onFrame(FrameChannel c, byte[] frame) {
                }

                @Override
                public void onClose(FrameChannel c, Throwable cause) {
                }
            };
        }
        channel = ch;
        for (byte[] frame : outbox) {
            ch.send(frame);
        }
        outbox = null;
        notifyAll();
        ChannelServer s = server;
        server = null;
        java.util.concurrent.CompletableFuture.runAsync(s::close);
        return this;
    }

    synchronized void send(byte[] frame) {
        if (closed) {
            throw new IllegalStateException("this connection is closed");
        }
        if (eof) {
            throw new ConnectionEOFException("the other end of the pipe is closed");
        }
        int max = link.settings().maxFrameBytes();
        if (frame.length > max) {
            throw new FrameTooLargeException("a message of " + frame.length + " bytes is above the limit of " + max
                    + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        if (channel == null) {
            outbox.add(frame);
        } else {
            channel.send(frame);
        }
    }

    /**
     * Takes the next frame.
     *
     * @param timeoutNanos negative for no limit
     * @return the frame, never null
     */
    byte[] receive(long timeoutNanos) {
        checkOpen();
        byte[] frame = inbox.poll();
        if (frame != null) {
            return frame;
        }
        if (!awaitReady(timeoutNanos)) {
            throw new IpcTimeoutException("nothing was received within " + Duration.ofNanos(timeoutNanos));
        }
        frame = inbox.poll();
        if (frame == null) {
            throw new ConnectionEOFException("the other end of the pipe closed"
                    + (eofCause == null ? "" : ": " + eofCause.getMessage()));
        }
        return frame;
    }

    boolean ready() {
        return !inbox.isEmpty() || eof;
    }

    /** Waits until a frame or end of stream is there. @param timeoutNanos negative for no limit */
    boolean awaitReady(long timeoutNanos) {
        long start = System.nanoTime();
        long spinEnd = start + Math.min(link.spinNanos(), timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos);
        while (!ready() && System.nanoTime() - spinEnd < 0) {
            Thread.onSpinWait();
        }
        if (ready()) {
            return true;
        }
        Thread me = Thread.currentThread();
        waiters.add(me);
        try {
            while (!ready()) {
                if (closed) {
                    throw new IllegalStateException("this connection was closed while waiting");
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = timeoutNanos - (System.nanoTime() - start);
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw new IpcException("interrupted while receiving");
                }
            }
            return true;
        } finally {
            waiters.remove(me);
        }
    }

    void addWaiter(Thread t) {
        waiters.add(t);
    }

    void removeWaiter(Thread t) {
        waiters.remove(t);
    }

    private void wake() {
        for (Thread t : waiters) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void onFrame(FrameChannel ch, byte[] frame) {
        inbox.add(frame);
        wake();
    }

    @Override
    public void onClose(FrameChannel ch, Throwable cause) {
        markEof(cause);
    }

    private void markEof(Throwable cause) {
        eofCause = cause;
        eof = true;
        wake();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes this end; the peer reads end of stream once it has taken what was sent. */
    void close() {
        FrameChannel ch;
        ChannelServer s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ch = channel;
            s = server;
            server = null;
            notifyAll();
        }
        wake();
        if (ch != null) {
            ch.close();
        }
        if (s != null) {
            s.close();
        }
        link.untrack(this);
    }

    /** At exit: waits until the peer has dialed in to take unsent messages (or the deadline), then closes. */
    public void lingerAndClose(long deadlineNanos) {
        synchronized (this) {
            while (channel == null && outbox != null && !outbox.isEmpty() && !closed && !eof) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    System.err.println("ipc4j: " + outbox.size() + " message(s) sent on a pipe were never "
                            + "taken: the other end was not used before this process exited");
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
    }

    @Override
    public String toString() {
        return "PipeEndpoint[" + pipeId + "/" + side + "]";
    }
}
