package io.ipc4j.internal.queue;

import io.ipc4j.JoinableQueue;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.wire.ObjectCodec;

import java.time.Duration;

/**
 * A handle to a broker queue. It holds only ids, so it travels into children as it is;
 * in each process it finds that process's {@link QueueClient} on first use.
 */
public final class QueueHandle<T> implements JoinableQueue<T> {
    private final String contextId;
    private final int queueId;
    private final int maxsize;
    private final boolean joinable;
    private transient volatile QueueClient client;

    public QueueHandle(String contextId, int queueId, int maxsize, boolean joinable) {
        this.contextId = contextId;
        this.queueId = queueId;
        this.maxsize = maxsize;
        this.joinable = joinable;
    }

    /**
     * Binds this handle to its client now. The coordinator does so for the handles it makes,
     * so that the queue lives exactly as long as a handle to it is reachable there.
     */
    public QueueHandle<T> bind() {
        client();
        return this;
    }

    private QueueClient client() {
        QueueClient c = client;
        if (c == null) {
            c = QueueClients.of(ProcessRuntime.get().link(contextId)).get(queueId, maxsize, joinable);
            client = c;
        }
        return c;
    }

    static long nanos(Duration timeout) {
        return io.ipc4j.internal.Timeouts.nanos(timeout);
    }

    @Override
    public void put(T item) {
        client().put(item, -1);
    }

    @Override
    public void put(T item, Duration timeout) {
        client().put(item, nanos(timeout));
    }

    @Override
    public void putNowait(T item) {
        client().put(item, 0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        return (T) ObjectCodec.fromBytes(client().get(-1));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        return (T) ObjectCodec.fromBytes(client().get(nanos(timeout)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T getNowait() {
        return (T) ObjectCodec.fromBytes(client().get(0));
    }

    @Override
    public int qsize() {
        return client().qsize();
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        requireJoinable();
        client().taskDone();
    }

    @Override
    public void join() {
        requireJoinable();
        client().join(-1);
    }

    @Override
    public boolean join(Duration timeout) {
        requireJoinable();
        return client().join(nanos(timeout));
    }

    private void requireJoinable() {
        if (!joinable) {
            throw new IllegalStateException("taskDone() and join() need a queue made by joinableQueue()");
        }
    }

    @Override
    public void close() {
        client().close();
    }

    @Override
    public String toString() {
        return (joinable ? "JoinableQueue" : "Queue") + "[" + contextId + "/" + queueId
                + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }
}
