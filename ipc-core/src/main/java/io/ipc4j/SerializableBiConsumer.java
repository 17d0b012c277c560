package io.ipc4j;

import java.io.Serializable;

/** A process target that takes two arguments (CPython's {@code args=(a, b)}). */
@FunctionalInterface
public interface SerializableBiConsumer<A, B> extends Serializable {
    void accept(A a, B b) throws Exception;
}
