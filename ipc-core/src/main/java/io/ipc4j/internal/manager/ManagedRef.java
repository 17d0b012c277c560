package io.ipc4j.internal.manager;

/** PLACEHOLDER with the contract's signatures until mgr-core's mechanism is merged; replaced by it. */
public final class ManagedRef {
    public String typeId() {
        throw new UnsupportedOperationException("the manager mechanism is not merged yet");
    }

    public long id() {
        throw new UnsupportedOperationException("the manager mechanism is not merged yet");
    }

    public <T> T proxy(Class<T> api) {
        throw new UnsupportedOperationException("the manager mechanism is not merged yet");
    }
}
