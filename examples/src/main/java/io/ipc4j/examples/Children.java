package io.ipc4j.examples;

import io.ipc4j.ChildProcess;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Waiting for child processes and turning their exit codes into the demo's exit code. */
public final class Children {
    /** How long a demo waits for anything (a child, a queue item, a pipe message) before giving up. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private Children() {
    }

    /** {@link #joinAll(List)} for the given children. */
    public static int joinAll(ChildProcess... children) {
        return joinAll(Arrays.asList(children));
    }

    /**
     * Joins every child, each for at most {@link #WAIT}; a child still running then is killed.
     *
     * @return 0 when every child exited with 0, otherwise 1 (the reasons are printed on stderr)
     */
    public static int joinAll(List<ChildProcess> children) {
        int result = 0;
        for (ChildProcess child : children) {
            if (!child.join(WAIT)) {
                System.err.println("process " + child.name() + " did not finish within " + WAIT.toSeconds()
                        + " s; killing it");
                child.kill();
                child.join();
                result = 1;
            } else if (child.exitCode().orElse(-1) != 0) {
                System.err.println("process " + child.name() + " failed with exit code "
                        + child.exitCode().orElse(-1));
                result = 1;
            }
        }
        return result;
    }

    /** Ends children that are still running, after a failure elsewhere. */
    public static void terminateAll(List<ChildProcess> children) {
        for (ChildProcess child : children) {
            child.terminate();
        }
    }
}
