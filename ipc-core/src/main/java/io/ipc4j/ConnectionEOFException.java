package io.ipc4j;

/**
 * The other end of a connection has closed and nothing is left to receive (CPython's {@code EOFError}).
 */
public class ConnectionEOFException extends IpcException {
    public ConnectionEOFException(String message) {
        super(message);
    }

    public ConnectionEOFException(String message, Throwable cause) {
        super(message, cause);
    }
}
