package io.ipc4j.internal.process;

import io.ipc4j.SerializableRunnable;

/**
 * The target of the JVM that builds the children's class-data archive ({@link ChildArchive}):
 * it does nothing itself, so that the archive holds what every child loads on its way to
 * its target and back.
 */
public final class ArchiveWarmUp {
    private ArchiveWarmUp() {
    }

    /** A target that does nothing. */
    public static SerializableRunnable target() {
        return ArchiveWarmUp::run;
    }

    private static void run() {
        // the child path around it is what is archived
    }
}
