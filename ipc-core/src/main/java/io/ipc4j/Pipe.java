package io.ipc4j;

/**
 * A pair of connected {@link Connection}s (CPython's {@code multiprocessing.Pipe}).
 * When one-way, {@link #left()} only receives and {@link #right()} only sends.
 */
public final class Pipe {
    private final Connection left;
    private final Connection right;

    /** Used by {@link Context#pipe(boolean)}. */
    public Pipe(Connection left, Connection right) {
        this.left = left;
        this.right = right;
    }

    /** The first end (CPython's {@code conn1}); read-only for a one-way pipe. */
    public Connection left() {
        return left;
    }

    /** The second end (CPython's {@code conn2}); write-only for a one-way pipe. */
    public Connection right() {
        return right;
    }
}
