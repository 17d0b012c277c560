package io.ipc4j.netty;

/**
 * Whether a receiver spins before it blocks, learned from its last waits. A spin that
 * ends in blocking anyway (a miss) wasted CPU; after misses in a row the receiver skips
 * spinning for 1, 3, 7 … up to {@value #MAX_SKIPPED} waits before it tries again, so an
 * idle pipe, or one whose peer is off the CPU on a busy machine, costs at most one short
 * spin in {@value #MAX_SKIPPED}+1 waits. One spin that finds its message starts spinning
 * on every wait again.
 *
 * <p>A single miss skips nothing. When one end misses (a GC pause, a page fault) and then
 * blocks, the other end's next spin has to outlast that end's wake-up to find its answer;
 * a receiver that stopped spinning for several waits after any miss made its peer miss in
 * turn, and the pair fell into blocking on every message for good (a round trip of two
 * wake-ups where spinning ends take a few microseconds). Not thread-safe: used under the
 * channel's read lock.
 */
final class SpinPolicy {
    /** The most waits skipped between two spins that miss. */
    static final int MAX_SKIPPED = 63;
    private static final int MAX_SHIFT = 6;

    private int missesInARow;
    private int skipsLeft;

    /** Whether the wait that starts now spins; call once per wait that finds nothing at once. */
    boolean spinNow() {
        if (skipsLeft > 0) {
            skipsLeft--;
            return false;
        }
        return true;
    }

    /** Records how a wait that spun ended: with a message found while spinning, or blocked. */
    void spun(boolean found) {
        if (found) {
            missesInARow = 0;
            return;
        }
        missesInARow++;
        skipsLeft = (1 << Math.min(missesInARow - 1, MAX_SHIFT)) - 1;
    }

    /** Whether the next wait will spin. */
    boolean spinsNext() {
        return skipsLeft == 0;
    }
}
