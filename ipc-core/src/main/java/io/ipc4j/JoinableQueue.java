package io.ipc4j;

import java.time.Duration;

/**
 * A queue whose consumers mark each item done, so that a producer can wait until all
 * items are processed (CPython's {@code multiprocessing.JoinableQueue}).
 */
public interface JoinableQueue<T> extends Queue<T> {

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /** Blocks until every item put has been marked done. */
    void join();

    /** Like {@link #join()}, waiting at most {@code timeout}. @return whether all items were done */
    boolean join(Duration timeout);
}
