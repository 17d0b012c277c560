package io.ipc4j;

/**
 * A message is larger than {@code ipc4j.maxFrameBytes}; it was not sent, or the channel that carried it was closed.
 */
public class FrameTooLargeException extends IpcException {
    public FrameTooLargeException(String message) {
        super(message);
    }

    public FrameTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
