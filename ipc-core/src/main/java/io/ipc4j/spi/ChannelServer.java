package io.ipc4j.spi;

/** A listening endpoint created by {@link ChannelTransport#listen}. */
public interface ChannelServer extends AutoCloseable {

    /** The address a peer passes to {@link ChannelTransport#connect}. */
    String address();

    /** Stops accepting; channels already open stay open. Removes any socket file. */
    @Override
    void close();
}
