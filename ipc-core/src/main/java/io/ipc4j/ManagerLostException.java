package io.ipc4j;

/**
 * The manager server a proxy talks to is gone (killed, crashed, shut down, or unreachable):
 * every call through its proxies fails with this at once, including calls that were running
 * in the server when it went. Nothing is retried.
 */
public final class ManagerLostException extends IpcException {
    public ManagerLostException(String message) {
        super(message);
    }

    public ManagerLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
