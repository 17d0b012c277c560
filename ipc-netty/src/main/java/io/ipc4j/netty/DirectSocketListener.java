package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Listens for the peers of direct channels. Every connection that arrives is challenged
 * at once, and all of them are authenticated side by side by the accepting thread, so a
 * connection that stays silent or fails holds up no other: the first to authenticate is
 * the peer, and the others are closed, or, for a listener of many peers, stay to be
 * returned by the next calls. As on the control server, a
 * connection is closed when it has not authenticated within the handshake timeout, and
 * connections beyond the limit of those authenticating are closed at once.
 */
final class DirectSocketListener implements DirectListener {
    private final ServerSocketChannel server;
    private final String address;
    private final Path socketFile;
    private final boolean uds;
    private final ChannelSettings settings;
    private final long spinNanos;
    private final Selector selector;
    private final boolean manyPeers;
    /** Connections challenged and not yet authenticated; only touched under this object's monitor. */
    private final List<DirectHandshake.Serving> pending = new ArrayList<>();
    private volatile boolean closed;

    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(DirectSocketListener.class);
    }

    DirectSocketListener(ServerSocketChannel server, String address, Path socketFile, boolean uds,
                         ChannelSettings settings, long spinNanos, boolean manyPeers) throws IOException {
        this.manyPeers = manyPeers;
        this.server = server;
        this.address = address;
        this.socketFile = socketFile;
        this.uds = uds;
        this.settings = settings;
        this.spinNanos = spinNanos;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public String address() {
        return address;
    }

    /**
     * Waits for a connection that authenticates. Connections still authenticating when the
     * timeout passes stay with the listener for the next call.
     *
     * @throws AuthenticationException when a connection presented a wrong key (it is closed;
     *                                 the listener keeps the others and may be called again)
     * @throws SocketTimeoutException  when no connection authenticated in time
     * @throws InterruptedIOException  when the calling thread is interrupted
     * @throws IOException             when the listener was closed
     */
    @Override
    public synchronized DirectChannel accept(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("stopped listening on " + address);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while accepting on " + address);
                }
                acceptWaiting();
                DirectHandshake.Serving won = advanceAll();
                if (won != null) {
                    return won(won);
                }
                long now = System.nanoTime();
                if (deadline - now <= 0) {
                    throw new SocketTimeoutException("no peer authenticated on " + address + " within " + timeout);
                }
                long wait = deadline - now;
                for (DirectHandshake.Serving s : pending) {
                    wait = Math.min(wait, s.deadline() - now);
                }
                selector.select(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(wait) + 1, 1000)));
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            throw new IOException("stopped listening on " + address);
        }
    }

    private void acceptWaiting() throws IOException {
        SocketChannel peer;
        while ((peer = server.accept()) != null) {
            if (pending.size() >= settings.maxPendingHandshakes()) {
                log().debug("closed a connection to {} at once: {} are already authenticating "
                        + "(setting ipc4j.maxPendingHandshakes)", address, pending.size());
                peer.close();
                continue;
            }
            DirectSocketChannel ch = null;
            try {
                ch = DirectSockets.open(peer, uds, settings, spinNanos, false);
                DirectHandshake.Serving s = new DirectHandshake.Serving(ch, settings.authKey(),
                        settings.maxFrameBytes(), System.nanoTime() + settings.handshakeTimeout().toNanos());
                peer.register(selector, SelectionKey.OP_READ);
                pending.add(s);
            } catch (IOException | RuntimeException e) {
                log().debug("a connection to {} failed at once: {}", address, e.toString());
                if (ch != null) {
                    ch.close();
                }
                peer.close();
            }
        }
    }

    /**
     * Advances every pending handshake and drops those that failed or ran out of time.
     *
     * @return the first connection that authenticated, or null
     */
    private DirectHandshake.Serving advanceAll() {
        long now = System.nanoTime();
        AuthenticationException refused = null;
        for (int i = 0; i < pending.size(); i++) {
            DirectHandshake.Serving s = pending.get(i);
            try {
                if (s.advance()) {
                    pending.remove(i);
                    if (refused != null) {
                        // the caller gets the peer that passed; this refusal is not thrown, so it is told here
                        log().warn("refused a connection to {}: {}", address, refused.getMessage());
                    }
                    return s;
                }
                if (now - s.deadline() >= 0) {
                    log().debug("closed a connection to {} that did not authenticate within {} ms "
                            + "(setting ipc4j.handshakeTimeoutMillis)", address, settings.handshakeTimeout().toMillis());
                    s.channel().close();
                    pending.remove(i--);
                }
            } catch (AuthenticationException e) {
                s.channel().close();
                pending.remove(i--);
                refused = e;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof javax.net.ssl.SSLException) {
                    log().warn("refused a connection to {}: {}", address, e.getMessage());
                } else {
                    log().debug("a connection to {} ended during authentication: {}", address, e.toString());
                }
                s.channel().close();
                pending.remove(i--);
            }
        }
        if (refused != null) {
            throw refused;
        }
        return null;
    }

    private DirectChannel won(DirectHandshake.Serving won) {
        SelectionKey key = won.channel().socket().keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        if (!manyPeers) {
            closePending();
        } else if (key != null) {
            // Deregisters the channel now: a registered channel's socket is only really closed
            // once its selector next selects, which a listener nobody calls accept on never does.
            try {
                selector.selectNow();
                selector.selectedKeys().clear();
            } catch (IOException e) {
                log().debug("could not release a connection accepted on {} from its selector: {}", address, e.toString());
            }
        }
        return won.channel();
    }

    private void closePending() {
        for (DirectHandshake.Serving s : pending) {
            s.channel().close();
        }
        pending.clear();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        synchronized (this) {
            closePending();
            try {
                server.close();
                selector.close();
                if (socketFile != null) {
                    Files.deleteIfExists(socketFile);
                }
            } catch (IOException ignored) {
                // the directory goes with the context
            }
        }
    }
}
