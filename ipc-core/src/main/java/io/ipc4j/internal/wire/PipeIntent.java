package io.ipc4j.internal.wire;

/**
 * What a {@link Op#PIPE_CLAIM} asks, in a byte after the claimer's pid: to use an end, or
 * to tell the coordinator where copies of an unused end went, so that it can tell the
 * other end when no one is left who could use this one.
 */
public final class PipeIntent {
    private PipeIntent() {
    }

    /** Claim the end to use it in this process. */
    public static final byte USE = 0;
    /** This process serialized its unused copy of the end (into a queue, a pipe, a grandchild…): it may be anywhere now. */
    public static final byte PASSED_ON = 1;
    /** This process closed its copy of the end without using it. */
    public static final byte DROPPED = 2;
}
