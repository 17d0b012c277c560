package io.ipc4j.internal.manager;

import io.ipc4j.JoinableQueue;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;

/**
 * A managed {@link JoinableQueue} (a plain queue when made by {@code Manager.queue}, whose
 * {@code taskDone} and {@code join} then throw). The items live in the manager; this
 * process buffers nothing, so {@link #close()} only ends its use of the handle.
 */
final class ManagerQueue<T> extends ManagedHandle<ManagedApis.QueueApi> implements JoinableQueue<T> {
    private final int maxsize;
    private transient volatile boolean closed;

    ManagerQueue(ManagedRef ref, int maxsize) {
        super(ref, ManagedApis.QueueApi.class);
        this.maxsize = maxsize;
    }

    private ManagedApis.QueueApi open() {
        if (closed) {
            throw new IllegalStateException("the queue is closed in this process");
        }
        return api();
    }

    private void offer(T item, long nanos) {
        boolean put = Remote.sliced(nanos, (slice, last) -> {
            boolean done = open().offer(item, slice);
            return done ? Boolean.TRUE : last ? Boolean.FALSE : null;
        }, "the queue was full; the item was not put");
        if (!put) {
            throw new QueueFullException(nanos == 0 ? "the queue is full (maxsize " + maxsize + ")"
                    : "the queue stayed full (maxsize " + maxsize + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private T poll(long nanos) {
        Object[] got = Remote.sliced(nanos, (slice, last) -> {
            Object[] item = open().poll(slice);
            return item != null || !last ? item : new Object[0];
        }, "in get; nothing was taken from the queue");
        if (got.length == 0) {
            throw new QueueEmptyException(nanos == 0 ? "the queue is empty" : "no item came within the timeout");
        }
        return (T) got[0];
    }

    @Override
    public void put(T item) {
        offer(item, -1);
    }

    @Override
    public void put(T item, Duration timeout) {
        offer(item, Timeouts.nanos(timeout));
    }

    @Override
    public void putNowait(T item) {
        offer(item, 0);
    }

    @Override
    public T get() {
        return poll(-1);
    }

    @Override
    public T get(Duration timeout) {
        return poll(Timeouts.nanos(timeout));
    }

    @Override
    public T getNowait() {
        return poll(0);
    }

    @Override
    public int qsize() {
        return open().qsize();
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        open().taskDone();
    }

    @Override
    public void join() {
        join(-1);
    }

    private boolean join(long nanos) {
        return Remote.sliced(nanos, (slice, last) -> open().join(slice) ? Boolean.TRUE : last ? Boolean.FALSE : null,
                "in join");
    }

    @Override
    public boolean join(Duration timeout) {
        return join(Timeouts.nanos(timeout));
    }

    @Override
    public void close() {
        closed = true;
    }
}
