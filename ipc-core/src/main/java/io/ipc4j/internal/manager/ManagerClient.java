package io.ipc4j.internal.manager;

/** PLACEHOLDER with the contract's signatures until mgr-core's mechanism is merged; replaced by it. */
public final class ManagerClient {
    public ManagedRef create(String typeId, Object... args) {
        throw new UnsupportedOperationException("the manager mechanism is not merged yet");
    }
}
