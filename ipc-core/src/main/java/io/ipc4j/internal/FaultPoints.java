package io.ipc4j.internal;

/**
 * Places where a test makes a process die on purpose, as a {@code kill -9} landing there
 * would: started with {@code -Dipc4j.fault.NAME=halt}, the process halts on reaching
 * {@code NAME}. Tests use it for hand-offs too short to hit with a signal.
 */
public final class FaultPoints {
    private FaultPoints() {
    }

    /** Halts this JVM with status 99 if the fault {@code name} was asked for. */
    public static void reach(String name) {
        if ("halt".equals(System.getProperty("ipc4j.fault." + name))) {
            Runtime.getRuntime().halt(99);
        }
    }
}
