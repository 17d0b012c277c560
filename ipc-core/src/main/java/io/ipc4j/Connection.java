package io.ipc4j;

import io.ipc4j.internal.pipe.ConnectionWaiter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * One end of a {@link Pipe} (CPython's {@code multiprocessing.connection.Connection}).
 * Message boundaries are kept; empty messages are delivered. The two ends talk to each
 * other directly, in whichever processes they were passed to.
 */
public interface Connection extends AutoCloseable {

    /** Serializes {@code obj} in the calling thread and sends it. */
    void send(Object obj);

    /** Receives the next object, waiting as long as it takes. @throws ConnectionEOFException after the peer closed */
    Object recv();

    /** Receives the next object, waiting at most {@code timeout}. @throws IpcTimeoutException when nothing came */
    Object recv(Duration timeout);

    /** Sends raw bytes as one message. */
    void sendBytes(byte[] bytes);

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one message. */
    void sendBytes(byte[] bytes, int offset, int length);

    /** Receives one message sent with {@link #sendBytes}, waiting as long as it takes. */
    byte[] recvBytes();

    /** Receives one raw message, waiting at most {@code timeout}. */
    byte[] recvBytes(Duration timeout);

    /** Whether a message (or end of stream) is ready now. */
    boolean poll();

    /** Whether a message (or end of stream) arrives within {@code timeout}. */
    boolean poll(Duration timeout);

    /** Whether this end may receive. */
    boolean readable();

    /** Whether this end may send. */
    boolean writable();

    /** Whether {@link #close()} was called on this end in this process. */
    boolean isClosed();

    /** Closes this end; the peer reads end of stream after the messages already sent. */
    @Override
    void close();

    /**
     * Waits until at least one of {@code connections} is ready to receive (a message or end
     * of stream), or the timeout passes (CPython's {@code multiprocessing.connection.wait}).
     *
     * @param timeout how long to wait; {@code null} waits as long as it takes
     * @return the ready connections, empty on timeout
     */
    static List<Connection> wait(Collection<? extends Connection> connections, Duration timeout) {
        return ConnectionWaiter.await(connections, timeout);
    }
}
