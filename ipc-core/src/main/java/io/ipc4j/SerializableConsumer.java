package io.ipc4j;

import java.io.Serializable;

/** A process target that takes one argument (CPython's {@code args=(a,)}). */
@FunctionalInterface
public interface SerializableConsumer<A> extends Serializable {
    void accept(A a) throws Exception;
}
