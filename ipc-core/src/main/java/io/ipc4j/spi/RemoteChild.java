package io.ipc4j.spi;

/**
 * A child JVM running on another host, seen as a {@link Process}: waiting, exit value and
 * {@link #destroy()}/{@link #destroyForcibly()} (SIGTERM/SIGKILL sent by its node) work as
 * for a local child; it has no streams (a provider copies the child's output to this JVM's
 * {@code System.out}/{@code System.err}). When its node is lost, it ends with {@link #LOST_WITH_NODE}.
 */
public abstract class RemoteChild extends Process {
    /** The exit value of a child whose node died or could no longer be reached. */
    public static final int LOST_WITH_NODE = 255;

    /** The host the child runs on, as its node names itself (the address it is bound to). */
    public abstract String host();
}
