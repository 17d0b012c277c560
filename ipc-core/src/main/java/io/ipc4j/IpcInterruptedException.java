package io.ipc4j;

/**
 * A thread was interrupted while it waited on a shared lock, semaphore, event, condition
 * or barrier; its interrupt status is set again.
 */
public class IpcInterruptedException extends IpcException {
    public IpcInterruptedException(String message) {
        super(message);
    }
}
