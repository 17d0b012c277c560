package io.ipc4j.examples;

import io.ipc4j.Context;
import picocli.CommandLine.Option;

/**
 * A hidden option, {@code --fail PROCESS}, that makes the named process of a demo throw at the point where
 * the others depend on it ({@code MainProcess} for the main process): how the tests show that a demo whose
 * one side fails ends the others and says which side failed.
 */
public final class FailOnPurpose {
    @Option(names = "--fail", hidden = true, paramLabel = "PROCESS", defaultValue = "",
            description = "Make the process of this name throw, to show how the others end.")
    String process = "";

    /** The name given, for the children to check: {@code ""} when no process is to fail. */
    public String process() {
        return process;
    }

    /** Throws when this process is the one named; called by each side of a demo at its fault point. */
    public static void here(String failing) {
        String me = Context.currentProcess().name();
        if (me.equals(failing)) {
            throw new IllegalStateException(me + " fails on purpose (--fail " + failing + ")");
        }
    }
}
