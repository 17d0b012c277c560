package io.ipc4j;

import java.io.Serializable;

/** A function that can be sent to another process: a serializable lambda or method reference. */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Serializable {
    R apply(A a) throws Exception;
}
