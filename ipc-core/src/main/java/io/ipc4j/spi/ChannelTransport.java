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

    /** Listens for one peer of a {@link DirectChannel}. */
    DirectListener listenDirect(ChannelSettings settings, String hint, long spinNanos) throws IOException;

    /** Dials a {@link DirectListener} and authenticates both ways. */
    DirectChannel connectDirect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException;
}
