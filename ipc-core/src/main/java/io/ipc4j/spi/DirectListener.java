package io.ipc4j.spi;

import java.io.IOException;
import java.time.Duration;

/** Listens for the one peer of a {@link DirectChannel}. */
public interface DirectListener extends AutoCloseable {

    /** The address the peer passes to {@link ChannelTransport#connectDirect}. */
    String address();

    /** Waits for the peer, authenticates it, and returns the channel. */
    DirectChannel accept(Duration timeout) throws IOException;

    /** Stops listening and removes any socket file; a blocked {@link #accept} fails. */
    @Override
    void close();
}
