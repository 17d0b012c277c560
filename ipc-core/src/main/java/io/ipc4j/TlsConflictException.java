package io.ipc4j;

/**
 * {@code Context.create} in a JVM where a context is open (or whose parent's context is) with
 * other {@link Config#TCP_TLS} settings: TLS on in one and off in the other, or other stores.
 * A process's {@link Listener}s and {@link Client}s (its managers' channels among them) take
 * the stores of its contexts, so those must agree while any is open. Nothing was started.
 */
public class TlsConflictException extends IpcException {
    public TlsConflictException(String message) {
        super(message);
    }
}
