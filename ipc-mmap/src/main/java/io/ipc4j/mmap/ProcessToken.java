package io.ipc4j.mmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One word that names a process for as long as it lives: its pid (22 bits, Linux's
 * largest pid_max) and its start time (41 bits), so that a pid the kernel reuses for
 * another process is not mistaken for a lock's owner. Never zero: zero means "nobody".
 */
final class ProcessToken {
    private static final int PID_BITS = 22;
    private static final long PID_MASK = (1L << PID_BITS) - 1;
    private static final long START_MASK = (1L << 41) - 1;
    private static final boolean PROC = Files.isReadable(Path.of("/proc/self/stat"));

    /** This process. */
    static final long SELF = of(ProcessHandle.current().pid());

    private ProcessToken() {
    }

    static long pid(long token) {
        return token & PID_MASK;
    }

    /** The token of a live process, or 0 if it is not running. */
    static long of(long pid) {
        long start = startTime(pid);
        return start < 0 ? 0 : ((start & START_MASK) << PID_BITS) | (pid & PID_MASK);
    }

    /** Whether the process the token names is still running (a zombie is not). */
    static boolean isAlive(long token) {
        return token != 0 && of(pid(token)) == token;
    }

    /**
     * Start time as the kernel counts it (clock ticks since boot, field 22 of
     * /proc/pid/stat), the same from every process; elsewhere the JDK's start instant.
     * Negative when the process is gone or a zombie.
     */
    private static long startTime(long pid) {
        if (!PROC) {
            Optional<Instant> start = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(h -> h.info().startInstant());
            return start.map(Instant::toEpochMilli).orElse(-1L);
        }
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f[0].equals("Z") || f[0].equals("X")) {
            return -1;
        }
        return Long.parseLong(f[19]);
    }
}
