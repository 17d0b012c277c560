package io.ipc4j.spi;

import io.ipc4j.JoinableQueue;

/**
 * The queues of one context on one {@link QueueTransport}, made in its coordinator.
 * {@link #close()} frees them all.
 */
public interface ContextQueues extends AutoCloseable {

    /**
     * A new queue. The handle is serializable and works in the coordinator and in every
     * child it reaches; a transport may free the queue once no handle to it is reachable in
     * any process. A queue made with {@code joinable} false answers
     * {@link JoinableQueue#taskDone()} and {@link JoinableQueue#join()} with
     * {@link IllegalStateException}: the context hands it out as a plain {@link io.ipc4j.Queue}.
     *
     * @param maxsize  the most items it holds, or 0 for no bound (never negative)
     * @param joinable whether consumers mark items done and producers may join
     */
    <T> JoinableQueue<T> create(int maxsize, boolean joinable);

    /** How many queues made here are not freed yet: for tests of their lifetime. */
    int liveQueues();

    /** Frees every queue made here; handles in use anywhere become invalid. */
    @Override
    void close();
}
