package io.ipc4j;

import java.io.Serializable;

/** A process target with no arguments: a serializable lambda or method reference. */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {
    void run() throws Exception;
}
