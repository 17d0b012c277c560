package io.ipc4j.internal.pipe;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.internal.FaultPoints;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.internal.wire.PipeIntent;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live end of a pipe in this process. The first end of a pipe to be used listens on
 * a private socket, accepting its peer on a background thread and keeping what it sends
 * until then; the second end dials it. After that the two ends talk directly: the
 * sending thread writes, the receiving thread reads, as CPython's connections do.
 */
public final class PipeEndpoint implements CoordinatorLink.Lingering {
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(30);
    /** Interrupts a dial outlasts before it gives up (another thread interrupting without pause). */
    private static final int MAX_INTERRUPTED_DIALS = 100;

    private final CoordinatorLink link;
    private final String pipeId;
    private final int side;

    /** For senders: set once the peer is connected and every message that waited for it has been sent. */
    private volatile DirectChannel channel;
    /** For receivers: set as soon as the peer is connected (draining the outbox may need them to read). */
    private volatile DirectChannel connection;
    private DirectListener listener;
    private List<DirectChannel.Message> outbox = new ArrayList<>();
    private boolean peerGone;
    /** The process that claimed the other end to dial this one, once the coordinator said; 0 before. */
    private volatile long dialerPid;
    /** Closed by the user: no more sends or receives here. */
    private volatile boolean closed;
    /** Sockets released; may come after {@link #closed} while unsent messages wait for the peer. */
    private volatile boolean released;

    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(PipeEndpoint.class);
    }

    PipeEndpoint(CoordinatorLink link, String pipeId, int side) {
        this.link = link;
        this.pipeId = pipeId;
        this.side = side;
    }

    /** Claims this end at the coordinator, then listens or dials. */
    void open() {
        long pid = ProcessHandle.current().pid();
        Reply claim = link.rpc().call(Op.PIPE_CLAIM,
                w -> w.putString(pipeId).putByte(side).putLong(pid).putByte(PipeIntent.USE));
        // An end claimed here is this process's for good: its opening is not cut short by an
        // interrupt, which stays set for the caller's next wait (as Segments.mapFile does).
        if (!claim.awaitUninterruptibly(DIAL_TIMEOUT.toNanos())) {
            // The other end claimed first but never published where it listens (it died, say).
            throw new IpcTimeoutException("the other end of the pipe did not start listening within " + DIAL_TIMEOUT);
        }
        try {
            claim.payload();
        } catch (ConnectionEOFException deadPeer) {
            // The other end was given up unused: this one reads end-of-file.
            synchronized (this) {
                peerGone = true;
                outbox = null;
            }
            link.track(this);
            return;
        }
        if (claim.status() == Op.STATUS_LISTEN) {
            try {
                listener = link.transport().listenDirect(link.settings(), "p" + pipeId + side, link.spinNanos());
            } catch (IOException e) {
                throw new IpcException("cannot listen for the other end of the pipe: " + e.getMessage(), e);
            }
            String address = listener.address();
            FaultPoints.reach("pipe.beforeRegister");
            // Answered once the peer claims its end, or with an error if it is given up unused.
            Reply registered = link.rpc().call(Op.PIPE_REGISTER,
                    w -> w.putString(pipeId).putByte(side).putString(address));
            registered.whenDone(() -> {
                if (isErrorReply(registered)) {
                    peerGaveUp();
                } else {
                    watchDialer(registered);
                }
            });
            Thread acceptor = new Thread(this::acceptPeer, "ipc4j-pipe-accept-" + pipeId);
            acceptor.setDaemon(true);
            acceptor.start();
        } else {
            String address = claim.payload().getString();
            FaultPoints.reach("pipe.beforeDial");
            try {
                DirectChannel ch = dial(address);
                synchronized (this) {
                    channel = ch;
                    connection = ch;
                    outbox = null;
                }
            } catch (IOException e) {
                // The listening end is gone: it was closed before we came.
                synchronized (this) {
                    peerGone = true;
                }
            }
        }
        link.track(this);
    }

    /**
     * Dials the listening end. An interrupt closes the socket being connected
     * ({@link ClosedByInterruptException}), which is not the peer being gone: the dial is
     * tried again and the interrupt set again for the caller's next wait. Giving up instead
     * would leave this end claimed and never connected, unusable by any later call.
     */
    private DirectChannel dial(String address) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    return link.transport().connectDirect(link.settings(), address, link.spinNanos(), DIAL_TIMEOUT);
                } catch (IOException | IpcException e) {
                    if (!(e instanceof ClosedByInterruptException) && !Thread.interrupted()) {
                        throw e;
                    }
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt == MAX_INTERRUPTED_DIALS) {
                        throw new IpcInterruptedException("interrupted " + attempt
                                + " times while connecting to the other end of the pipe");
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean isErrorReply(Reply reply) {
        try {
            return reply.status() == Op.STATUS_ERROR;
        } catch (RuntimeException connectionLost) {
            return false; // this process is leaving its coordinator: nothing to learn about the peer
        }
    }

    /** The dialer is known once it claimed its end: the acceptor stops waiting if its process ends first. */
    private void watchDialer(Reply registered) {
        try {
            dialerPid = registered.payload().getLong();
        } catch (RuntimeException connectionLost) {
            // this process is leaving its coordinator
        }
    }

    private boolean dialerDied() {
        long pid = dialerPid;
        return pid != 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The coordinator says the peer's end was given up before it dialed in: stop waiting for it. */
    private void peerGaveUp() {
        DirectListener l;
        synchronized (this) {
            if (connection != null) {
                return;
            }
            peerGone = true;
            outbox = null;
            l = listener;
            notifyAll();
        }
        l.close(); // ends the acceptor's wait
    }

    private void acceptPeer() {
        DirectListener l;
        synchronized (this) {
            l = listener;
        }
        try {
            DirectChannel ch = null;
            while (ch == null && !released && !peerGoneNow()) {
                try {
                    ch = l.accept(Duration.ofSeconds(1));
                } catch (IOException timedOut) {
                    // look at closed and at the dialer, then wait again
                    if (dialerDied()) {
                        synchronized (this) {
                            peerGone = true;
                            outbox = null;
                            notifyAll();
                        }
                        return;
                    }
                } catch (RuntimeException refused) {
                    // a peer that failed to authenticate is not the peer: wait for the right one
                    if (!released && !peerGoneNow()) {
                        log().warn("refused a connection to pipe {}: {}", pipeId, refused.getMessage());
                    }
                }
            }
            if (ch == null) {
                return;
            }
            synchronized (this) {
                connection = ch;
                notifyAll();
            }
            // Send what waited, in order and outside the monitor (the peer may be slow to read);
            // messages sent meanwhile join the outbox, and the channel is published once it is empty.
            while (true) {
                List<DirectChannel.Message> batch;
                synchronized (this) {
                    if (released || outbox == null) {
                        ch.close();
                        return;
                    }
                    if (outbox.isEmpty()) {
                        outbox = null;
                        channel = ch;
                        notifyAll();
                        break;
                    }
                    batch = outbox;
                    outbox = new ArrayList<>();
                }
                for (DirectChannel.Message m : batch) {
                    ch.send(m.tag(), m.body(), 0, m.body().length);
                }
            }
            if (closed) {
                release();
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                peerGone = true;
                notifyAll();
            }
            log().warn("the other end of pipe {} failed to connect: {}", pipeId, e.getMessage());
        } finally {
            l.close();
        }
    }

    private synchronized boolean peerGoneNow() {
        return peerGone;
    }

    /** Sends a message; until the peer has dialed in, a copy waits here for it. */
    void send(byte tag, byte[] body, int offset, int length) {
        int max = link.settings().maxFrameBytes();
        if (length + 1 > max) {
            throw new FrameTooLargeException("a message of " + (length + 1) + " bytes is above the limit of " + max
                    + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        DirectChannel ch = channel;
        if (ch == null) {
            synchronized (this) {
                checkOpen();
                if (peerGone) {
                    throw new ConnectionEOFException("the other end of the pipe is closed");
                }
                ch = channel;
                if (ch == null) {
                    outbox.add(new DirectChannel.Message(tag, Arrays.copyOfRange(body, offset, offset + length)));
                    return;
                }
            }
        }
        checkOpen();
        ch.send(tag, body, offset, length);
    }

    /**
     * Takes the next frame.
     *
     * @param timeoutNanos negative for no limit
     */
    DirectChannel.Message receive(long timeoutNanos) {
        long start = System.nanoTime();
        DirectChannel ch = connected(timeoutNanos);
        DirectChannel.Message frame = ch == null ? null : ch.receive(remaining(timeoutNanos, start));
        if (frame == null) {
            throw new IpcTimeoutException("nothing was received within " + Duration.ofNanos(timeoutNanos));
        }
        return frame;
    }

    /** Whether a frame (or the end of the stream) can be taken now. */
    boolean ready() {
        checkOpen();
        DirectChannel ch;
        synchronized (this) {
            if (peerGone) {
                return true;
            }
            ch = connection;
        }
        return ch != null && ch.ready();
    }

    boolean awaitReady(long timeoutNanos) {
        long start = System.nanoTime();
        DirectChannel ch = connected(timeoutNanos);
        return ch != null && ch.awaitReady(remaining(timeoutNanos, start));
    }

    private static long remaining(long timeoutNanos, long start) {
        return timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
    }

    /**
     * The channel once the peer is connected, waiting for it up to the timeout.
     *
     * @return null on timeout
     * @throws ConnectionEOFException if the peer will never come
     */
    private DirectChannel connected(long timeoutNanos) {
        DirectChannel ch = connection;
        return ch != null ? ch : awaitConnected(timeoutNanos);
    }

    private synchronized DirectChannel awaitConnected(long timeoutNanos) {
        long start = System.nanoTime();
        while (connection == null) {
            checkOpen();
            if (peerGone) {
                throw new ConnectionEOFException("the other end of the pipe closed");
            }
            long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, Math.min(left / 1_000_000, 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IpcInterruptedException("interrupted while receiving");
            }
        }
        return connection;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes this end; the peer reads end of stream once it has taken what was sent. If
     * messages still wait for a peer that has not dialed in, they stay here for it (as
     * CPython's wait in the operating system's buffer) until it comes or this process exits.
     */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
            if (stillSending()) {
                return;
            }
        }
        release();
    }

    /** Whether messages wait for the peer, or are being sent to it now: the sockets must stay. Under the monitor. */
    private boolean stillSending() {
        return channel == null && !peerGone
                && (connection != null || outbox != null && !outbox.isEmpty());
    }

    /** Closes at once, dropping messages that wait for a peer that will never come (a dead worker). */
    void abort() {
        synchronized (this) {
            outbox = null;
            closed = true;
        }
        release();
    }

    /** At exit: waits until the peer has dialed in to take unsent messages (or the deadline), then releases. */
    @Override
    public void lingerAndClose(long deadlineNanos) {
        synchronized (this) {
            while (stillSending() && !released) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    log().warn("{} message(s) sent on pipe {} were never taken: the other end was not used before this "
                            + "process exited", outbox == null ? 0 : outbox.size(), pipeId);
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closed = true;
        }
        release();
    }

    private void release() {
        DirectChannel ch;
        DirectListener l;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            closed = true;
            ch = connection;
            l = listener;
            notifyAll();
        }
        if (ch != null) {
            ch.close();
        }
        if (l != null) {
            l.close();
        }
        link.untrack(this);
    }

    @Override
    public String toString() {
        return "PipeEndpoint[" + pipeId + "/" + side + "]";
    }
}
