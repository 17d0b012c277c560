package io.ipc4j;

/**
 * A thread was interrupted while it waited in an ipc4j call: on a shared lock, semaphore,
 * event, condition or barrier, in a pipe's {@code recv}, a queue's {@code get} or
 * {@code put}, a {@code join}, a pool's result, a manager call; its interrupt status is
 * set again.
 */
public class IpcInterruptedException extends IpcException {
    public IpcInterruptedException(String message) {
        super(message);
    }
}
