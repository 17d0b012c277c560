package io.ipc4j;

import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.pipe.DirectConnection;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.DirectListener;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * Accepts authenticated {@link Connection}s from any JVM, at a TCP address or a Unix domain
 * socket (CPython's {@code multiprocessing.connection.Listener}); {@link Client#connect} dials
 * one. No {@link Context} is needed.
 *
 * <p>Every connection begins with an HMAC-SHA256 challenge in both directions over the auth
 * key, and nothing a peer sends is deserialized before it passed. Connections authenticate
 * side by side, so a peer that stays silent holds up no other: it is closed after
 * {@code ipc4j.handshakeTimeoutMillis}, at most {@code ipc4j.maxPendingHandshakes} may be
 * authenticating at once, and until a peer passed its frames are limited to a few bytes. The
 * key is not encryption: messages travel in the clear, unless {@code ipc4j.tcp.tls=on} puts a
 * TCP connection in TLS 1.3 (the handshake then runs inside it).
 *
 * <pre>{@code
 * try (Listener listener = new Listener(Address.tcp("127.0.0.1", 0), key)) {
 *     System.out.println(listener.address());      // tcp:127.0.0.1:40731
 *     try (Connection c = listener.accept()) {
 *         c.send("hello " + c.recv());
 *     }
 * }
 * }</pre>
 */
public final class Listener implements AutoCloseable {
    /** A long wait is made of rounds this long (pending handshakes carry over), so no deadline overflows. */
    private static final long ROUND_NANOS = Duration.ofDays(1).toNanos();

    private final DirectListener listener;
    private final Address address;
    private volatile boolean closed;

    /**
     * Listens at {@code address}, with the settings of {@link Config} ({@code ipc4j.properties},
     * {@code -Dipc4j.*}, {@code IPC4J_*}).
     *
     * @param address where to listen; a TCP port 0 lets the system choose one
     * @param authKey the key every peer must prove it holds (any length but 0; 32 random bytes are plenty)
     * @throws IpcException naming the address if it cannot be bound (a port in use, a socket file
     *                      that exists)
     */
    public Listener(Address address, byte[] authKey) {
        this(address, authKey, Map.of());
    }

    /**
     * Listens at {@code address}, with {@code settings} overriding those of {@link Config}:
     * {@code ipc4j.maxFrameBytes}, {@code ipc4j.handshakeTimeoutMillis},
     * {@code ipc4j.maxPendingHandshakes} and {@code ipc4j.spinNanos} apply to a listener.
     */
    public Listener(Address address, byte[] authKey, Map<String, String> settings) {
        Config config = StandaloneChannels.config(settings);
        ChannelSettings channelSettings = StandaloneChannels.settings(authKey, config);
        try {
            listener = StandaloneChannels.transportFor(address).listenDirectAt(channelSettings, address.toString(),
                    StandaloneChannels.spinNanos(config));
        } catch (IOException e) {
            throw new IpcException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        this.address = Address.parse(listener.address());
    }

    /** Where this listener listens, with the port the system chose if 0 was asked: what a {@link Client} dials. */
    public Address address() {
        return address;
    }

    /**
     * Waits as long as it takes for a peer that authenticates.
     *
     * @throws AuthenticationException when a peer failed the challenge (it is closed; this
     *                                 listener goes on serving: call accept again)
     * @throws IllegalStateException   when this listener is or gets closed
     */
    public Connection accept() {
        return acceptWithin(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} for a peer that authenticates. Peers still
     * authenticating when it passes carry over to the next call.
     *
     * @throws IpcTimeoutException     when none authenticated in time
     * @throws AuthenticationException when a peer failed the challenge (it is closed; this
     *                                 listener goes on serving: call accept again)
     * @throws IllegalStateException   when this listener is or gets closed
     * @throws IpcInterruptedException when the thread is interrupted (its interrupt status is set again)
     */
    public Connection accept(Duration timeout) {
        return acceptWithin(Timeouts.nanos(timeout));
    }

    /** @param nanos {@link Long#MAX_VALUE} for no limit */
    private Connection acceptWithin(long nanos) {
        long start = System.nanoTime();
        while (true) {
            requireOpen();
            long left = Math.max(0, nanos - (System.nanoTime() - start));
            try {
                return new DirectConnection(listener.accept(Duration.ofNanos(Math.min(left, ROUND_NANOS))),
                        address.toString());
            } catch (SocketTimeoutException e) {
                if (left <= ROUND_NANOS) {
                    throw new IpcTimeoutException("no peer authenticated on " + address + " within "
                            + Duration.ofNanos(nanos));
                }
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw new IpcInterruptedException("interrupted while accepting on " + address);
            } catch (IOException e) {
                requireOpen();
                throw new IpcException("cannot accept on " + address + ": " + e.getMessage(), e);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this listener on " + address + " is closed");
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops listening and removes the socket file of a Unix domain socket; an {@link #accept}
     * blocked in another thread throws {@link IllegalStateException}. Connections already
     * accepted stay open.
     */
    @Override
    public void close() {
        closed = true;
        listener.close();
    }

    @Override
    public String toString() {
        return "Listener[" + address + (closed ? " closed" : "") + "]";
    }
}
