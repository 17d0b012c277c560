package io.ipc4j.spi;

import java.io.IOException;
import java.time.Duration;

/**
 * Listens for the peers of {@link DirectChannel}s: one peer for
 * {@link ChannelTransport#listenDirect}, any number for {@link ChannelTransport#listenDirectAt}.
 */
public interface DirectListener extends AutoCloseable {

    /** The address the peer passes to {@link ChannelTransport#connectDirect}. */
    String address();

    /**
     * Waits for a peer, authenticates it, and returns the channel.
     *
     * @throws io.ipc4j.AuthenticationException when a connection presented a wrong key (it is
     *                                          closed; accept may be called again)
     * @throws java.net.SocketTimeoutException  when no peer authenticated within the timeout
     * @throws java.io.InterruptedIOException   when the calling thread was interrupted
     * @throws IOException                      when the listener was closed
     */
    DirectChannel accept(Duration timeout) throws IOException;

    /** Stops listening and removes any socket file; a blocked {@link #accept} fails. */
    @Override
    void close();
}
