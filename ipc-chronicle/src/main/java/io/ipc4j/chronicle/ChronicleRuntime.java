package io.ipc4j.chronicle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What must hold before the first Chronicle class initializes in this process: the
 * options of {@link ChronicleJvmFlags}, and Chronicle's usage analytics, announcement
 * banner and disk-space polling thread turned off, and its write lock taken over only from
 * a dead holder (all read from system properties when Chronicle's classes initialize). Names no Chronicle class, so that calling it loads none
 * before those hold.
 */
final class ChronicleRuntime {
    private static final String[][] QUIET = {
            {"chronicle.analytics.disable", "true"},
            {"chronicle.announcer.disable", "true"},
            {"chronicle.disk.monitor.disable", "true"},
    };
    /**
     * When Chronicle unlocks a write lock whose wait timed out ({@link QueueFiles#WRITE_LOCK_TIMEOUT_MS}):
     * only when its holder's process is dead. {@code ALWAYS} would unlock a live holder paused
     * for half a second (a collection, a stop) and corrupt the queue; {@code NEVER} would leave
     * a producer killed inside a put holding the lock for good.
     */
    private static final String UNLOCK_MODE = "queue.force.unlock.mode";
    private static final String UNLOCK_WHEN_HOLDER_DEAD = "LOCKING_PROCESS_DEAD";
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
            String unlock = System.getProperty(UNLOCK_MODE);
            if (unlock == null) {
                System.setProperty(UNLOCK_MODE, UNLOCK_WHEN_HOLDER_DEAD);
            } else if (!UNLOCK_WHEN_HOLDER_DEAD.equals(unlock)) {
                throw new IllegalStateException("ipc4j's Chronicle queues need the system property " + UNLOCK_MODE + "="
                        + UNLOCK_WHEN_HOLDER_DEAD + " (Chronicle's default), not " + unlock
                        + ": remove it, or set it to " + UNLOCK_WHEN_HOLDER_DEAD);
            }
            for (String[] p : QUIET) {
                if (System.getProperty(p[0]) == null) {
                    System.setProperty(p[0], p[1]);
                }
            }
            initializeLeavingNoStrayTarget();
            ready = true;
        }
    }

    /**
     * Chronicle's {@code OS} class, as it initializes, makes {@code <java.io.tmpdir>/target}
     * for its own debugging output when no directory from the working one up holds a
     * {@code target} (and {@code project.build.directory} is unset): any program run outside
     * a Maven build would leave it. It is initialized here, and that directory removed if it
     * was made then and is still empty.
     */
    private static void initializeLeavingNoStrayTarget() {
        Path stray = Path.of(System.getProperty("java.io.tmpdir"), "target");
        boolean there = Files.exists(stray);
        try {
            Class.forName("net.openhft.chronicle.core.OS", true, ChronicleRuntime.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("chronicle-core is not on the class path", e);
        }
        if (!there) {
            try {
                Files.deleteIfExists(stray);
            } catch (IOException inUse) {
                // not empty: something else uses it now
            }
        }
    }
}
