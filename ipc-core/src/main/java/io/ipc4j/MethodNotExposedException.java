package io.ipc4j;

/**
 * A proxy called a method that the manager server does not expose for that object: the
 * interface given on the calling side has methods the type was not registered with in the
 * server (CPython's "method ... is not in exposed").
 */
public final class MethodNotExposedException extends IpcException {
    public MethodNotExposedException(String message) {
        super(message);
    }
}
