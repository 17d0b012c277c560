package io.ipc4j;

/**
 * A bounded semaphore was released more often than it was acquired (CPython raises
 * {@code ValueError: Semaphore released too many times}).
 */
public class SemaphoreOverReleaseException extends IpcException {
    public SemaphoreOverReleaseException(String message) {
        super(message);
    }
}
