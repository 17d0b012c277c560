package io.ipc4j.spi;

/**
 * Receives the frames of one channel, on that channel's I/O thread. Implementations
 * must not block.
 */
public interface FrameHandler {

    /** One whole frame, exactly as sent. */
    void onFrame(FrameChannel channel, byte[] frame);

    /** The channel has closed; {@code cause} is null for an orderly close. Called once. */
    void onClose(FrameChannel channel, Throwable cause);

    /** Creates the handler of each authenticated connection a server accepts. */
    @FunctionalInterface
    interface Factory {
        FrameHandler create(FrameChannel channel);

        /** A connection was refused (for example, authentication failed). Default: ignore. */
        default void onRefused(String peer, Throwable cause) {
        }
    }
}
