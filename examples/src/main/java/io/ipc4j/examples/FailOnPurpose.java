package io.ipc4j.examples;

import io.ipc4j.Context;
import picocli.CommandLine.Option;

/**
 * A hidden option, {@code --fail PROCESS}, that makes the named process of a demo throw at the point where
 * the others depend on it ({@code MainProcess} for the main process), or the named side that is not a
 * process (a pool task, say): how the tests show that a demo whose one side fails ends the others, or
 * reports the failure where the seed does, and says which side failed.
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
        here(failing, Context.currentProcess().name());
    }

    /** Throws when {@code side} is the one named: for sides that are not processes, such as pool tasks. */
    public static void here(String failing, String side) {
        if (side.equals(failing)) {
            throw new IllegalStateException(side + " fails on purpose (--fail " + failing + ")");
        }
    }
}
