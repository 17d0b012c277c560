package io.ipc4j.internal.queue;

import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queue clients of one link in this process, one per queue. A process holds a queue
 * at the broker from the first use of a handle to it until no handle to it is reachable
 * here any more (the client is collected) or the process exits; the broker frees a queue
 * no process holds. So a long-running process that is handed many queues and drops them
 * keeps none of them.
 */
final class QueueClients implements CoordinatorLink.Part {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Queues held here past which a new one first asks for a collection, as the JDK does for direct buffers. */
    static final int COLLECT_ABOVE = 64;

    private final CoordinatorLink link;
    private final Map<Integer, Held> held = new HashMap<>();
    private int collectAt = COLLECT_ABOVE;

    private record Held(WeakReference<QueueClient> client, Release release) {
    }

    private QueueClients(CoordinatorLink link) {
        this.link = link;
    }

    static QueueClients of(CoordinatorLink link) {
        return link.part(QueueClients.class, QueueClients::new);
    }

    /**
     * The one client of queue {@code id} in this process; a new one opens the queue at the
     * broker. @throws io.ipc4j.IpcException if the queue is gone
     */
    QueueClient get(int id, int maxsize, boolean joinable) {
        synchronized (held) {
            Held h = held.get(id);
            QueueClient client = h == null ? null : h.client().get();
            if (client != null) {
                return client;
            }
            if (h != null) {
                // The last client was collected and its release may not have run yet: it goes first.
                h.release().run();
            }
            if (held.size() >= collectAt) {
                collectDropped();
            }
            Reply r = link.rpc().call(Op.Q_OPEN, w -> w.putInt(id));
            r.awaitUninterruptibly();
            r.payload();
            client = new QueueClient(link, id, maxsize, joinable);
            Release release = new Release(link, this, id, new AtomicBoolean());
            held.put(id, new Held(new WeakReference<>(client), release));
            CLEANER.register(client, release);
            return client;
        }
    }

    /**
     * A process that is handed many queues and drops them, say a reply queue per request,
     * may allocate too little for the collector ever to run, and would hold them all: so
     * past a bound it collects, and lets go of the queues no handle reaches any more.
     */
    private void collectDropped() {
        System.gc();
        List<Release> dropped = new ArrayList<>();
        held.values().forEach(h -> {
            if (h.client().get() == null) {
                dropped.add(h.release());
            }
        });
        dropped.forEach(Release::run);
        collectAt = Math.max(COLLECT_ABOVE, 2 * held.size());
    }

    private void forget(int id, Release release) {
        synchronized (held) {
            Held h = held.get(id);
            if (h != null && h.release() == release) {
                held.remove(id);
            }
        }
    }

    /** Delivers this process's puts and gives back what it fetched, for every queue. */
    @Override
    public void close() {
        List<QueueClient> all = new ArrayList<>();
        synchronized (held) {
            held.values().forEach(h -> {
                QueueClient c = h.client().get();
                if (c != null) {
                    all.add(c);
                }
            });
        }
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

    /**
     * Tells the broker that this process holds no handle of a queue any more, once: what it
     * fetched and did not take goes back. Refers to no client, so that it can run when one
     * is collected.
     */
    private record Release(CoordinatorLink link, QueueClients clients, int queueId, AtomicBoolean done)
            implements Runnable {
        @Override
        public void run() {
            // Under the table's lock: another thread that opens the queue anew (it takes the
            // lock first, and runs this release itself if it finds it pending) sends its open
            // after this release, never before it, which would leave this process counted out
            // while it holds a live handle.
            synchronized (clients.held) {
                if (!done.compareAndSet(false, true)) {
                    return;
                }
                clients.forget(queueId, this);
                if (link.isClosed()) {
                    return;
                }
                try {
                    link.rpc().send(FrameWriter.of(Op.Q_RELEASE, 9).putInt(0).putInt(queueId).toBytes());
                } catch (RuntimeException closing) {
                    // the link is closing: the broker lets go of everything this process held
                }
            }
        }
    }
}
