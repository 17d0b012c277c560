package io.ipc4j;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A task with a result that can be sent to another process. */
@FunctionalInterface
public interface SerializableCallable<R> extends Callable<R>, Serializable {
}
