package io.ipc4j.internal.process;

import io.ipc4j.SerializableRunnable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        for (String name : names(ArchiveWarmUp.class.getResourceAsStream(LIST))) {
            load(name, loader);
        }
        for (String name : io.ipc4j.internal.QueueTransports.archiveClasses()) {
            load(name, loader);
        }
    }

    /**
     * The class names listed in {@code list}, one per line ({@code #} starts a comment
     * line), closing it; none when it is null.
     */
    public static List<String> names(InputStream list) {
        if (list == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (InputStream in = list) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }

    private static void load(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            // a module this class path does not hold
        }
    }
}
