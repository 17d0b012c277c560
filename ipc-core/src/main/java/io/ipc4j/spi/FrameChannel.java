package io.ipc4j.spi;

import java.time.Duration;

/**
 * One authenticated, framed, ordered, bidirectional channel. Frames sent from one
 * thread arrive in the order they were sent.
 */
public interface FrameChannel extends AutoCloseable {

    /**
     * Queues one frame and flushes it. Never blocks on the network.
     *
     * @throws io.ipc4j.FrameTooLargeException if the frame exceeds the configured maximum
     * @throws io.ipc4j.ConnectionEOFException if the channel is closed
     */
    void send(byte[] frame);

    /** Runs {@code task} on this channel's I/O thread. */
    void execute(Runnable task);

    /** Waits until outbound bytes fall below the transport's high-water mark, or the timeout passes. */
    boolean awaitWritable(Duration timeout) throws InterruptedException;

    /** Whether the channel can still carry frames. */
    boolean isOpen();

    /** A printable name of the peer, for error messages. */
    String peer();

    /** Closes the channel; the peer sees end of stream after the frames already sent. */
    @Override
    void close();
}
