package io.ipc4j;

/**
 * A task in another process threw a checked exception (or one that cannot be rebuilt
 * here); {@link #remoteType()} names its class. Unchecked exceptions are rethrown as their
 * own type instead. The cause is a {@link RemoteTraceback}.
 */
public class TaskFailedException extends IpcException {
    private final String remoteType;

    public TaskFailedException(String remoteType, String message, Throwable cause) {
        super(remoteType + ": " + message, cause);
        this.remoteType = remoteType;
    }

    /** The class name of the exception the task threw. */
    public String remoteType() {
        return remoteType;
    }
}
