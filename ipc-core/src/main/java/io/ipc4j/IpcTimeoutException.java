package io.ipc4j;

/**
 * A blocking call with a timeout ran out of time.
 */
public class IpcTimeoutException extends IpcException {
    public IpcTimeoutException(String message) {
        super(message);
    }

    public IpcTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
