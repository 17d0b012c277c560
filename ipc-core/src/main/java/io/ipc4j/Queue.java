package io.ipc4j;

import java.time.Duration;

/**
 * A FIFO queue shared by processes (CPython's {@code multiprocessing.Queue}). A handle
 * may be captured by a process target or passed as an argument; in the child it
 * reaches the same queue.
 *
 * <p>Items are serialized in the calling thread: an item that cannot be serialized
 * fails {@code put} with a {@link SerializationException} naming its class.
 */
public interface Queue<T> extends AutoCloseable {

    /** Puts an item, blocking while a bounded queue is full. */
    void put(T item);

    /** Puts an item, waiting at most {@code timeout} for room. @throws QueueFullException when still full */
    void put(T item, Duration timeout);

    /** Puts an item only if there is room now. @throws QueueFullException otherwise */
    void putNowait(T item);

    /** Takes the next item, waiting as long as it takes. */
    T get();

    /** Takes the next item, waiting at most {@code timeout}. @throws QueueEmptyException when none came */
    T get(Duration timeout);

    /** Takes the next item only if one is there now. @throws QueueEmptyException otherwise */
    T getNowait();

    /** Approximate number of items not yet taken. */
    int qsize();

    /** Whether {@link #qsize()} is zero. */
    default boolean empty() {
        return qsize() == 0;
    }

    /** Whether a bounded queue has reached its maximum size; always false when unbounded. */
    default boolean full() {
        return maxsize() > 0 && qsize() >= maxsize();
    }

    /** The maximum size, or 0 when unbounded. */
    int maxsize();

    /**
     * Says this process will use the queue no more: items it put are delivered to the
     * queue first, and items fetched but not yet taken go back for other consumers.
     */
    @Override
    void close();
}
