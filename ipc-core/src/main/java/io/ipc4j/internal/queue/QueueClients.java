package io.ipc4j.internal.queue;

import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue clients of one link in this process: one per queue. In a child they are kept
 * until closed, so that its puts are delivered at exit. In the coordinator they are kept
 * only while a handle holds one, and the broker hears when none is left, so that a queue
 * the coordinator dropped can be freed.
 */
final class QueueClients implements CoordinatorLink.Part {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CoordinatorLink link;
    private final Map<Integer, QueueClient> kept = new ConcurrentHashMap<>();
    private final Map<Integer, WeakReference<QueueClient>> held = new ConcurrentHashMap<>();

    private QueueClients(CoordinatorLink link) {
        this.link = link;
    }

    static QueueClients of(CoordinatorLink link) {
        return link.part(QueueClients.class, QueueClients::new);
    }

    /** The one client of queue {@code id} in this process. */
    QueueClient get(int id, int maxsize) {
        if (!link.inCoordinator()) {
            return kept.computeIfAbsent(id, k -> new QueueClient(link, this, id, maxsize));
        }
        synchronized (held) {
            WeakReference<QueueClient> ref = held.get(id);
            QueueClient client = ref == null ? null : ref.get();
            if (client == null) {
                client = new QueueClient(link, this, id, maxsize);
                held.put(id, new WeakReference<>(client));
                CLEANER.register(client, new Release(link, held, id));
            }
            return client;
        }
    }

    void forget(QueueClient client) {
        kept.remove(client.id(), client);
        synchronized (held) {
            held.computeIfPresent(client.id(), (k, ref) -> ref.get() == client ? null : ref);
        }
    }

    /** Delivers this process's puts and gives back what it fetched, for every queue. */
    @Override
    public void close() {
        List<QueueClient> all = new ArrayList<>(kept.values());
        held.values().forEach(ref -> {
            QueueClient c = ref.get();
            if (c != null) {
                all.add(c);
            }
        });
        RuntimeException first = null;
        for (QueueClient q : all) {
            try {
                q.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Tells the broker that no handle of a queue is left in the coordinator. Refers to no client. */
    private record Release(CoordinatorLink link, Map<Integer, WeakReference<QueueClient>> held, int queueId)
            implements Runnable {
        @Override
        public void run() {
            synchronized (held) {
                held.computeIfPresent(queueId, (k, ref) -> ref.get() == null ? null : ref);
            }
            if (link.isClosed()) {
                return;
            }
            try {
                RpcClient r = link.rpc();
                r.send(FrameWriter.of(Op.Q_RELEASE, 9).putInt(0).putInt(queueId).toBytes());
            } catch (RuntimeException closing) {
                // the context is closing: the broker frees everything anyway
            }
        }
    }
}
