package io.ipc4j.internal.server;

import io.ipc4j.SharedMemory;
import io.ipc4j.internal.queue.TakeLedger;
import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.Op;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Hosts the queues of one context. Items arrive and leave as opaque bytes: the broker
 * never deserializes what a process put. Consumers fetch items in batches; a batch stays
 * "in flight" for that consumer until it has taken the items, and what it did not take
 * goes back to the head of the queue if it closes or dies.
 *
 * <p>A queue is freed once no process holds it: each process that opened it holds it
 * until no handle to it is reachable there any more, or it exits.
 */
public final class QueueBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueBroker.class);

    private final Map<Integer, BrokerQueue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final TakeLedger ledger;
    private final int maxReplyBytes;

    /**
     * @param maxFrameBytes the largest frame a channel carries
     * @param sharedBlocks  makes a named block of shared memory, for the consumers' ledger
     */
    public QueueBroker(int maxFrameBytes, Function<String, SharedMemory> sharedBlocks) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "ipc4j-queue-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = Executors.unconfigurableScheduledExecutorService(t);
        ledger = new TakeLedger(sharedBlocks);
        maxReplyBytes = maxFrameBytes;
    }

    /** Creates a queue and returns its id. */
    public int create(int maxsize, boolean joinable) {
        int id = ids.incrementAndGet();
        queues.put(id, new BrokerQueue(maxsize, joinable, timer, ledger, maxReplyBytes));
        if (id == 1) {
            prepareLedger();
        }
        return id;
    }

    /**
     * Has the consumers' ledger make its first block on a thread of its own once the context
     * has a queue. It is often the context's first use of shared memory (15–25 ms here), which
     * the first consumer's fetch, on the first item's way, would otherwise wait for. Closing
     * the broker waits for it ({@link TakeLedger#close} takes the same lock).
     */
    private void prepareLedger() {
        Thread t = new Thread(ledger::prepare, "ipc4j-queue-ledger");
        t.setDaemon(true);
        t.start();
    }

    /** How many queues are alive. */
    public int queueCount() {
        return queues.size();
    }

    void handle(Session s, byte op, int id, FrameReader r) {
        int queueId = r.getInt();
        BrokerQueue q = queues.get(queueId);
        boolean opens = op != Op.Q_RETURN && op != Op.Q_RELEASE && op != Op.Q_ACK && op != Op.Q_CANCEL;
        if (op == Op.Q_RELEASE && q != null) {
            q.release(s);
            freeIfUnused(queueId, q);
            return;
        }
        if (q == null || !q.use(s, opens)) {
            if (id == 0) {
                LOG.warn("{} sent to queue {}, which was freed once no process held a handle to it", s, queueId);
            }
            s.replyError(id, RemoteError.IPC, "queue " + queueId + " is gone: it was freed once no process held "
                    + "a handle to it, or its context closed");
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
                long taken = r.getLong();
                int max = r.getInt();
                byte flags = r.getByte();
                long timeout = r.getLong();
                q.fetch(s, id, taken, max, (flags & Op.FETCH_WANTS_SLOT) != 0, (flags & Op.FETCH_COUNTS_IN_LEDGER) != 0,
                        timeout);
                break;
            }
            case Op.Q_CANCEL:
                q.cancel(s, r.getInt());
                break;
            case Op.Q_ACK:
                q.ack(s, id, r.getLong());
                break;
            case Op.Q_RETURN:
                q.giveBack(s, id, r.getLong());
                break;
            case Op.Q_OPEN:
                s.replyOk(id);
                break;
            case Op.Q_SIZE:
                q.size(s, id, r.getLong());
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
        queues.forEach((id, q) -> {
            if (q.sessionClosed(s)) {
                freeIfUnused(id, q);
            }
        });
    }

    private void freeIfUnused(int id, BrokerQueue q) {
        if (q.freeIfUnused()) {
            queues.remove(id, q);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        queues.values().forEach(BrokerQueue::discard);
        queues.clear();
        ledger.close();
    }
}
