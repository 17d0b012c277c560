package io.ipc4j;

/**
 * Nothing arrived in the queue within the timeout (CPython's {@code queue.Empty}).
 */
public class QueueEmptyException extends IpcException {
    public QueueEmptyException(String message) {
        super(message);
    }

    public QueueEmptyException(String message, Throwable cause) {
        super(message, cause);
    }
}
