package io.ipc4j;

/**
 * The queue stayed full for the whole timeout (CPython's {@code queue.Full}).
 */
public class QueueFullException extends IpcException {
    public QueueFullException(String message) {
        super(message);
    }

    public QueueFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
