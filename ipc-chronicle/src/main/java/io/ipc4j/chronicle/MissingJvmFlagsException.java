package io.ipc4j.chronicle;

import io.ipc4j.IpcException;

import java.util.List;

/**
 * This JVM was started without the options Chronicle Queue needs to map its files
 * ({@link ChronicleJvmFlags#required()}). Nothing was opened; add the options listed in the
 * message to the {@code java} command line (children of a context get them through
 * {@code ipc4j.child.jvmArgs}).
 */
public class MissingJvmFlagsException extends IpcException {
    private final List<String> missing;

    public MissingJvmFlagsException(List<String> missing, List<String> required) {
        super("Chronicle queues need these JVM options, missing here: " + String.join(" ", missing)
                + ". Start java with: " + String.join(" ", required));
        this.missing = List.copyOf(missing);
    }

    /** The options this JVM lacks, in command-line form. */
    public List<String> missing() {
        return missing;
    }
}
