package io.ipc4j.spi;

/**
 * An authenticated, framed channel that the calling threads drive themselves: a sender
 * writes to the socket, a receiver reads from it, with no I/O thread in between (the
 * model of CPython's {@code Connection}). Used for pipes, where latency is everything.
 */
public interface DirectChannel extends AutoCloseable {

    /** One message: a tag byte the user of the channel defines, and the body. */
    record Message(byte tag, byte[] body) {
    }

    /**
     * Sends one message, written straight from {@code body} (not copied), blocking while the
     * socket buffer is full.
     *
     * @throws io.ipc4j.FrameTooLargeException if the message exceeds the configured maximum
     * @throws io.ipc4j.ConnectionEOFException if the peer has gone
     */
    void send(byte tag, byte[] body, int offset, int length);

    /**
     * Receives the next message, spinning briefly and then blocking.
     *
     * @param timeoutNanos 0 to only look, negative for no limit
     * @return the message, or null if none came in time
     * @throws io.ipc4j.ConnectionEOFException once the peer closed and every message was taken
     */
    Message receive(long timeoutNanos);

    /** Whether a frame, or the end of the stream, can be taken now without blocking. */
    boolean ready();

    /**
     * Waits until {@link #ready()}, spinning briefly and then blocking.
     *
     * @param timeoutNanos negative for no limit
     * @return whether it became ready in time
     */
    boolean awaitReady(long timeoutNanos);

    @Override
    void close();
}
