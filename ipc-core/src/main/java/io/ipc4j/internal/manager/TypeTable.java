package io.ipc4j.internal.manager;

import java.util.function.Function;

/** PLACEHOLDER with the contract's signatures until mgr-core's mechanism is merged; replaced by it. */
public final class TypeTable {
    public void register(String typeId, Function<Object[], Object> factory, Class<?> exposedApi) {
        throw new UnsupportedOperationException("the manager mechanism is not merged yet");
    }
}
