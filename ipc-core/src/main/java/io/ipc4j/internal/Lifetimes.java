package io.ipc4j.internal;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of ipc4j in this JVM: what a handle stands for in this process
 * (a pipe's meeting, a block of shared memory, an open pipe end) is freed on its daemon
 * thread once no handle refers to it any more, as CPython frees on garbage collection.
 */
public final class Lifetimes {
    /** Runs the cleaning actions of every ipc4j object, on one daemon thread. */
    public static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "ipc4j-cleaner");
        t.setDaemon(true);
        return t;
    });

    private Lifetimes() {
    }
}
