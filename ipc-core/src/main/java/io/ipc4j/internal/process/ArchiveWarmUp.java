package io.ipc4j.internal.process;

import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.ClassNameList;
import io.ipc4j.internal.QueueTransports;

/**
 * The target of the JVM that builds the children's class-data archive ({@link ChildArchive}):
 * besides the child path around it, it loads (without initializing) the classes a pool
 * worker, a pipe end and a queue client load beyond a no-op child, listed in
 * {@value #LIST}, and those each queue transport names ({@code QueueTransport.archiveClasses}),
 * so that the archive holds those too.
 */
public final class ArchiveWarmUp {
    static final String LIST = "archive-warm-up.txt";

    private ArchiveWarmUp() {
    }

    /** The builder's target. */
    public static SerializableRunnable target() {
        return ArchiveWarmUp::run;
    }

    private static void run() {
        ClassLoader loader = ArchiveWarmUp.class.getClassLoader();
        for (String name : ClassNameList.read(ArchiveWarmUp.class.getResourceAsStream(LIST))) {
            load(name, loader);
        }
        for (String name : QueueTransports.archiveClasses()) {
            load(name, loader);
        }
    }

    private static void load(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            // a module this class path does not hold
        }
    }
}
