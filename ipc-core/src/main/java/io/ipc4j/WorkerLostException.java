package io.ipc4j;

/**
 * A pool worker died (killed, crashed, out of memory) while running a task, and the task
 * could not be finished on another worker within the allowed retries. The message names
 * the task. The pool itself replaces lost workers and goes on.
 */
public class WorkerLostException extends IpcException {
    public WorkerLostException(String message) {
        super(message);
    }
}
