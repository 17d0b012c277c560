package io.ipc4j.chronicle;

/**
 * What must hold before the first Chronicle class initializes in this process: the
 * options of {@link ChronicleJvmFlags}, and Chronicle's usage analytics, announcement
 * banner and disk-space polling thread turned off (they are read from system properties
 * when Chronicle's classes initialize). Names no Chronicle class, so that calling it loads none.
 */
final class ChronicleRuntime {
    private static final String[][] QUIET = {
            {"chronicle.analytics.disable", "true"},
            {"chronicle.announcer.disable", "true"},
            {"chronicle.disk.monitor.disable", "true"},
    };
    private static volatile boolean ready;

    private ChronicleRuntime() {
    }

    /** @throws MissingJvmFlagsException when this JVM lacks the options Chronicle needs */
    static void prepare() {
        if (ready) {
            return;
        }
        ChronicleJvmFlags.check();
        synchronized (ChronicleRuntime.class) {
            for (String[] p : QUIET) {
                if (System.getProperty(p[0]) == null) {
                    System.setProperty(p[0], p[1]);
                }
            }
            ready = true;
        }
    }
}
