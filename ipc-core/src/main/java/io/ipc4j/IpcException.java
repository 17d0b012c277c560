package io.ipc4j;

/**
 * Base of every exception ipc4j throws for its own reasons.
 */
public class IpcException extends RuntimeException {
    public IpcException(String message) {
        super(message);
    }

    public IpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
