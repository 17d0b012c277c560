package io.ipc4j;

/**
 * A peer failed the HMAC challenge (CPython's {@code AuthenticationError}). Nothing it sent was deserialized.
 */
public class AuthenticationException extends IpcException {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
