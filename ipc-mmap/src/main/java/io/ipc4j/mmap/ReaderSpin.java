package io.ipc4j.mmap;

/**
 * Whether a reader of a {@link ShmChannel} spins before it yields: only while spinning
 * pays. A spin catches a reply from a peer running on the other core in well under a
 * microsecond; on a busy machine it keeps the peer off the core it waits for, and yielding
 * at once serves better. Measured on the 2-core VM at load 12-14 (pipe_rtt_shm, median round
 * trip): no spin 3.6-3.8 µs, a 0.3 µs spin 4.2-5.5, 1 µs 6.5-7.2, 3 µs 9.9-10.5; and 0.2-0.3
 * µs when both ends have a core and spin. So a reader yields at once, but every
 * {@link #WAITS_BETWEEN_PROBES}th wait spins for up to {@link #PROBE_NANOS} first; a message
 * caught while spinning makes the next waits spin (up to {@code ipc4j.spinNanos}), until one
 * outlasts its spin. Used by the one thread holding the channel's read lock.
 */
final class ReaderSpin {
    static final int WAITS_BETWEEN_PROBES = 64;
    static final long PROBE_NANOS = 5_000;

    private final long spinNanos;
    private boolean pays;
    private int waitsSinceProbe;

    /** @param spinNanos the most a wait spins and yields before it parks ({@code ipc4j.spinNanos}) */
    ReaderSpin(long spinNanos) {
        this.spinNanos = Math.max(0, spinNanos);
    }

    /** How long the wait about to begin spins before it yields. */
    long nextSpinNanos() {
        if (pays) {
            return spinNanos;
        }
        if (++waitsSinceProbe >= WAITS_BETWEEN_PROBES) {
            waitsSinceProbe = 0;
            return Math.min(PROBE_NANOS, spinNanos);
        }
        return 0;
    }

    /** Tells how the wait ended: whether its message came while it spun. */
    void ended(boolean whileSpinning) {
        pays = whileSpinning;
    }
}
