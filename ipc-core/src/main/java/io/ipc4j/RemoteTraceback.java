package io.ipc4j;

/**
 * The stack trace of an exception as it was thrown in another process (CPython's
 * {@code RemoteTraceback}): attached as the cause of the exception a caller receives.
 */
public class RemoteTraceback extends IpcException {
    public RemoteTraceback(String remoteStackTrace) {
        super("\n\"\"\"\n" + remoteStackTrace + "\"\"\"");
        setStackTrace(new StackTraceElement[0]);
    }
}
