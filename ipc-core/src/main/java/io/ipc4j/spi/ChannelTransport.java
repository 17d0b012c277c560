package io.ipc4j.spi;

import java.io.IOException;
import java.time.Duration;

/**
 * A way to carry authenticated, framed messages between processes.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} through the {@code ipc4j.channel} setting. Core never names one.
 */
public interface ChannelTransport {

    /** The value of {@code ipc4j.channel} that selects this transport, for example {@code uds}. */
    String name();

    /**
     * Starts listening. Every accepted connection is authenticated with the key in
     * {@code settings} before {@code handlers} is asked for its handler.
     */
    ChannelServer listen(ChannelSettings settings, String hint, FrameHandler.Factory handlers) throws IOException;

    /** Dials {@code address}, authenticates both ways, and returns the open channel. */
    FrameChannel connect(ChannelSettings settings, String address, FrameHandler handler, Duration timeout)
            throws IOException;

    /**
     * Listens for one peer of a {@link DirectChannel}: the first connection to authenticate
     * is the peer, and {@link DirectListener#accept} closes the others.
     */
    DirectListener listenDirect(ChannelSettings settings, String hint, long spinNanos) throws IOException;

    /**
     * Listens at an address the user chose, for any number of peers (for
     * {@link io.ipc4j.Listener}): each {@link DirectListener#accept} returns the next
     * connection to authenticate, and the others go on authenticating. The address is in this
     * transport's own form ({@code tcp:HOST:PORT}, where port 0 lets the system choose, or
     * {@code uds:PATH}); its scheme is this transport's {@link #name()}. Only the key, the
     * frame limit and the handshake limits of {@code settings} apply.
     *
     * @throws IOException naming the address if it cannot be bound (in use, say)
     * @throws UnsupportedOperationException if this transport cannot listen at a chosen address
     */
    default DirectListener listenDirectAt(ChannelSettings settings, String address, long spinNanos)
            throws IOException {
        throw new UnsupportedOperationException("the " + name() + " channel transport cannot listen at " + address);
    }

    /** Dials a {@link DirectListener} and authenticates both ways. */
    DirectChannel connectDirect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException;

    /**
     * The options every child JVM of a context on this transport needs, for Java feature
     * version {@code javaFeature} (say, an {@code --add-exports} for a library it uses).
     */
    default java.util.List<String> childJvmOptions(int javaFeature) {
        return java.util.List.of();
    }

    /**
     * Ends the threads this transport started in this JVM, within {@code timeout}: called by
     * a child about to exit, once its channels are closed. A JVM whose threads block in
     * native calls (a selector, epoll) takes a few hundred milliseconds longer to exit.
     * Only transports ipc4j handed out in this JVM are asked: one that makes another
     * transport itself ends that one's threads here too.
     */
    default void stopThreads(Duration timeout) {
    }
}
