package io.ipc4j.hazelcast;

import io.ipc4j.IpcException;

/**
 * The shared key file of a cluster cannot be used: it is missing, empty, too short, or
 * readable by others than its owner (its mode must be {@code 0600}).
 */
public class AuthKeyFileException extends IpcException {
    private static final long serialVersionUID = 1L;

    public AuthKeyFileException(String message) {
        super(message);
    }

    public AuthKeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
