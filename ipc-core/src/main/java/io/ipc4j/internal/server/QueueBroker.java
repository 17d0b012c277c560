package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.Op;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts the queues of one context. Items arrive and leave as opaque bytes: the broker
 * never deserializes what a process put. Consumers fetch items in batches; a batch stays
 * "in flight" for that consumer until it acknowledges the items it took, and what it did
 * not take goes back to the head of the queue if it closes or dies.
 */
public final class QueueBroker implements AutoCloseable {
    private final Map<Integer, BrokerQueue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService timer;

    public QueueBroker() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "ipc4j-queue-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = Executors.unconfigurableScheduledExecutorService(t);
    }

    /** Creates a queue and returns its id. */
    public int create(int maxsize, boolean joinable) {
        int id = ids.incrementAndGet();
        queues.put(id, new BrokerQueue(maxsize, joinable, timer));
        return id;
    }

    void handle(Session s, byte op, int id, FrameReader r) {
        int queueId = r.getInt();
        BrokerQueue q = queues.get(queueId);
        if (q == null) {
            s.replyError(id, RemoteError.IPC, "no queue " + queueId + " in this context (was it closed?)");
            return;
        }
        switch (op) {
            case Op.Q_PUT: {
                int n = r.getInt();
                byte[][] items = new byte[n][];
                for (int i = 0; i < n; i++) {
                    items[i] = r.getBytes();
                }
                q.put(items);
                break;
            }
            case Op.Q_PUT_WAIT: {
                long timeout = r.getLong();
                q.putWait(s, id, r.getBytes(), timeout);
                break;
            }
            case Op.Q_FETCH: {
                int ack = r.getInt();
                int max = r.getInt();
                long timeout = r.getLong();
                q.fetch(s, id, ack, max, timeout);
                break;
            }
            case Op.Q_ACK:
                q.ack(s, r.getInt());
                break;
            case Op.Q_RETURN:
                q.giveBack(s, id, r.getInt());
                break;
            case Op.Q_SIZE:
                q.size(s, id, r.getInt());
                break;
            case Op.Q_TASK_DONE:
                q.taskDone(s, id);
                break;
            case Op.Q_JOIN:
                q.join(s, id, r.getLong());
                break;
            default:
                s.replyError(id, RemoteError.IPC, "unknown request " + op);
        }
    }

    void sessionClosed(Session s) {
        queues.values().forEach(q -> q.sessionClosed(s));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        queues.clear();
    }
}
