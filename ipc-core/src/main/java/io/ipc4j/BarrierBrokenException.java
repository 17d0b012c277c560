package io.ipc4j;

/**
 * A {@link Barrier} is broken (CPython's {@code BrokenBarrierError}): it was aborted or
 * reset, a wait timed out, its action threw, or a waiting process died.
 */
public class BarrierBrokenException extends IpcException {
    public BarrierBrokenException(String message) {
        super(message);
    }
}
