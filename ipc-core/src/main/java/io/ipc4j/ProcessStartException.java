package io.ipc4j;

/**
 * A child process could not be started.
 */
public class ProcessStartException extends IpcException {
    public ProcessStartException(String message) {
        super(message);
    }

    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
