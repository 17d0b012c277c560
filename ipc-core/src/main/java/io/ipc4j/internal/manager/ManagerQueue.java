package io.ipc4j.internal.manager;

import io.ipc4j.JoinableQueue;
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

    @Override
    public void put(T item) {
        Remote.interruptibly(() -> {
            open().put(item, -1);
            return null;
        }, "the queue was full; the item was not put");
    }

    @Override
    public void put(T item, Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        Remote.interruptibly(() -> {
            open().put(item, nanos);
            return null;
        }, "the queue was full; the item was not put");
    }

    @Override
    public void putNowait(T item) {
        Remote.interruptibly(() -> {
            open().put(item, 0);
            return null;
        }, "putting an item");
    }

    @SuppressWarnings("unchecked")
    @Override
    public T get() {
        return (T) Remote.interruptibly(() -> open().get(-1), "in get; nothing was taken from the queue");
    }

    @SuppressWarnings("unchecked")
    @Override
    public T get(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        return (T) Remote.interruptibly(() -> open().get(nanos), "in get; nothing was taken from the queue");
    }

    @SuppressWarnings("unchecked")
    @Override
    public T getNowait() {
        return (T) Remote.interruptibly(() -> open().get(0), "in get; nothing was taken from the queue");
    }

    @Override
    public int qsize() {
        return open().qsize();
    }

    @Override
    public boolean empty() {
        return qsize() == 0;
    }

    @Override
    public boolean full() {
        return maxsize > 0 && qsize() >= maxsize;
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
        Remote.interruptibly(() -> open().join(-1), "in join");
    }

    @Override
    public boolean join(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        return Remote.interruptibly(() -> open().join(nanos), "in join");
    }

    @Override
    public void close() {
        closed = true;
    }
}
