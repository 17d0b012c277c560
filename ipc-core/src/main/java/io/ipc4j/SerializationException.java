package io.ipc4j;

/**
 * An object could not be serialized for another process, or could not be read back. The message names the class.
 */
public class SerializationException extends IpcException {
    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
