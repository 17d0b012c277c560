package io.ipc4j;

import java.io.Serializable;

/** A two-argument function that can be sent to another process (for {@link Pool#starmap}). */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends Serializable {
    R apply(A a, B b) throws Exception;
}
