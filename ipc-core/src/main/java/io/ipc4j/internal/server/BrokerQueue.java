package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.Op;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The state of one queue in the broker. Every method runs under the queue's monitor;
 * replies are queued on channels and never block.
 */
final class BrokerQueue {
    private final int maxsize;
    private final boolean joinable;
    private final ScheduledExecutorService timer;

    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    /** Per consumer: items fetched and not yet acknowledged, oldest first. */
    private final Map<Session, ArrayDeque<byte[]>> inFlight = new HashMap<>();
    private int inFlightCount;
    private final ArrayDeque<Waiter> fetchers = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    private long unfinished;

    /** A request parked until the queue changes, or its timeout. */
    private static final class Waiter {
        final Session session;
        final int id;
        final int max;
        final byte[] item;
        ScheduledFuture<?> timeout;

        Waiter(Session session, int id, int max, byte[] item) {
            this.session = session;
            this.id = id;
            this.max = max;
            this.item = item;
        }
    }

    BrokerQueue(int maxsize, boolean joinable, ScheduledExecutorService timer) {
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.timer = timer;
    }

    private boolean hasRoom() {
        return maxsize <= 0 || items.size() < maxsize;
    }

    synchronized void put(byte[][] batch) {
        for (byte[] item : batch) {
            items.addLast(item);
        }
        if (joinable) {
            unfinished += batch.length;
        }
        serve();
    }

    synchronized void putWait(Session s, int id, byte[] item, long timeoutNanos) {
        if (hasRoom() && putters.isEmpty()) {
            items.addLast(item);
            if (joinable) {
                unfinished++;
            }
            s.replyOk(id);
            serve();
        } else if (timeoutNanos == 0) {
            s.reply(id, Op.STATUS_TIMEOUT, null);
        } else {
            park(putters, new Waiter(s, id, 0, item), timeoutNanos);
        }
    }

    synchronized void fetch(Session s, int id, int ack, int max, long timeoutNanos) {
        acknowledge(s, ack);
        if (!items.isEmpty() && fetchers.isEmpty()) {
            deliver(new Waiter(s, id, max, null));
            serve();
        } else if (timeoutNanos == 0) {
            s.reply(id, Op.STATUS_TIMEOUT, null);
        } else {
            park(fetchers, new Waiter(s, id, max, null), timeoutNanos);
            serve();
        }
    }

    synchronized void ack(Session s, int taken) {
        acknowledge(s, taken);
    }

    synchronized void giveBack(Session s, int id, int ack) {
        acknowledge(s, ack);
        requeue(s);
        s.replyOk(id);
        serve();
    }

    synchronized void size(Session s, int id, int ack) {
        acknowledge(s, ack);
        int size = items.size() + inFlightCount;
        s.reply(id, Op.STATUS_OK, w -> w.putInt(size));
    }

    synchronized void taskDone(Session s, int id) {
        if (!joinable) {
            s.replyError(id, RemoteError.ILLEGAL_STATE, "taskDone() needs a joinable queue");
        } else if (unfinished <= 0) {
            s.replyError(id, RemoteError.ILLEGAL_STATE, "taskDone() called more times than items were put");
        } else {
            unfinished--;
            s.replyOk(id);
            if (unfinished == 0) {
                joiners.forEach(this::release);
                joiners.clear();
            }
        }
    }

    synchronized void join(Session s, int id, long timeoutNanos) {
        if (unfinished == 0) {
            s.replyOk(id);
        } else if (timeoutNanos == 0) {
            s.reply(id, Op.STATUS_TIMEOUT, null);
        } else {
            park(joiners, new Waiter(s, id, 0, null), timeoutNanos);
        }
    }

    synchronized void sessionClosed(Session s) {
        requeue(s);
        inFlight.remove(s);
        for (ArrayDeque<Waiter> q : java.util.List.of(fetchers, putters, joiners)) {
            q.removeIf(w -> {
                if (w.session == s && w.timeout != null) {
                    w.timeout.cancel(false);
                }
                return w.session == s;
            });
        }
        serve();
    }

    private void acknowledge(Session s, int ack) {
        if (ack <= 0) {
            return;
        }
        ArrayDeque<byte[]> mine = inFlight.get(s);
        for (int i = 0; i < ack && mine != null && !mine.isEmpty(); i++) {
            mine.pollFirst();
            inFlightCount--;
        }
    }

    /** Puts back, at the head and in their order, the items a consumer fetched and did not take. */
    private void requeue(Session s) {
        ArrayDeque<byte[]> mine = inFlight.get(s);
        if (mine == null) {
            return;
        }
        for (Iterator<byte[]> it = mine.descendingIterator(); it.hasNext(); ) {
            items.addFirst(it.next());
        }
        inFlightCount -= mine.size();
        mine.clear();
    }

    private void deliver(Waiter w) {
        int n = Math.min(w.max, items.size());
        ArrayDeque<byte[]> mine = inFlight.computeIfAbsent(w.session, k -> new ArrayDeque<>());
        byte[][] batch = new byte[n][];
        for (int i = 0; i < n; i++) {
            batch[i] = items.pollFirst();
            mine.addLast(batch[i]);
        }
        inFlightCount += n;
        w.session.reply(w.id, Op.STATUS_OK, out -> {
            out.putInt(n);
            for (byte[] b : batch) {
                out.putBytes(b);
            }
        });
    }

    /** Hands items to waiting consumers and admits waiting producers while either can move. */
    private void serve() {
        boolean moved = true;
        while (moved) {
            moved = false;
            while (!items.isEmpty() && !fetchers.isEmpty()) {
                Waiter f = fetchers.pollFirst();
                if (f.timeout != null) {
                    f.timeout.cancel(false);
                }
                if (!f.session.isClosed()) {
                    deliver(f);
                    moved = true;
                }
            }
            while (hasRoom() && !putters.isEmpty()) {
                Waiter p = putters.pollFirst();
                if (p.timeout != null) {
                    p.timeout.cancel(false);
                }
                items.addLast(p.item);
                if (joinable) {
                    unfinished++;
                }
                p.session.replyOk(p.id);
                moved = true;
            }
        }
    }

    private void release(Waiter w) {
        if (w.timeout != null) {
            w.timeout.cancel(false);
        }
        w.session.replyOk(w.id);
    }

    private void park(ArrayDeque<Waiter> queue, Waiter w, long timeoutNanos) {
        queue.addLast(w);
        if (timeoutNanos > 0) {
            w.timeout = timer.schedule(() -> expire(queue, w), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void expire(ArrayDeque<Waiter> queue, Waiter w) {
        if (queue.remove(w)) {
            w.session.reply(w.id, Op.STATUS_TIMEOUT, null);
        }
    }
}
