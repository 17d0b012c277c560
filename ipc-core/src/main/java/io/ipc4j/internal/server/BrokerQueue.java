package io.ipc4j.internal.server;

import io.ipc4j.internal.queue.TakeLedger;
import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.Op;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The state of one queue in the broker. Every method runs under the queue's monitor;
 * replies are queued on channels and never block.
 *
 * <p>Items a consumer fetched stay in flight for it until it has taken them. A consumer
 * in another process counts what it takes in its {@link TakeLedger} slot, which the
 * broker reads when it needs to know (a size, the next fetch, the consumer's end); one
 * that has no slot acknowledges each item before {@code get} returns it, and the
 * coordinator's own consumer acknowledges with its next request.
 */
final class BrokerQueue {
    private final int maxsize;
    private final boolean joinable;
    private final ScheduledExecutorService timer;
    private final TakeLedger ledger;
    private final int maxReplyBytes;

    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private final Map<Session, Consumer> consumers = new HashMap<>();
    private int inFlightCount;
    private final ArrayDeque<Waiter> fetchers = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    private long unfinished;
    /** Processes other than the coordinator that use this queue and have not closed it. */
    private final java.util.Set<Session> users = new java.util.HashSet<>();
    private boolean releasedByMaker;
    private boolean freed;

    /** One consumer's items fetched and not yet known to be taken, oldest first. */
    private static final class Consumer {
        final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
        final TakeLedger.Slot slot;
        long acknowledged;

        Consumer(TakeLedger.Slot slot) {
            this.slot = slot;
        }
    }

    /** A request parked until the queue changes, or its timeout. */
    private static final class Waiter {
        final Session session;
        final int id;
        final int max;
        final boolean wantsSlot;
        final byte[] item;
        ScheduledFuture<?> timeout;

        Waiter(Session session, int id, int max, boolean wantsSlot, byte[] item) {
            this.session = session;
            this.id = id;
            this.max = max;
            this.wantsSlot = wantsSlot;
            this.item = item;
        }
    }

    BrokerQueue(int maxsize, boolean joinable, ScheduledExecutorService timer, TakeLedger ledger, int maxReplyBytes) {
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.timer = timer;
        this.ledger = ledger;
        this.maxReplyBytes = maxReplyBytes;
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
            park(putters, new Waiter(s, id, 0, false, item), timeoutNanos);
        }
    }

    synchronized void fetch(Session s, int id, long taken, int max, boolean wantsSlot, long timeoutNanos) {
        Consumer c = consumer(s);
        acknowledge(c, taken);
        Waiter w = new Waiter(s, id, Math.max(1, max), wantsSlot, null);
        if (!items.isEmpty() && fetchers.isEmpty()) {
            deliver(w);
            serve();
        } else if (timeoutNanos == 0) {
            s.reply(id, Op.STATUS_TIMEOUT, null);
        } else {
            park(fetchers, w, timeoutNanos);
            serve();
        }
    }

    /**
     * Withdraws a parked request of {@code s}, or all of them for request id 0; one that was
     * already answered stays answered.
     */
    synchronized void cancel(Session s, int requestId) {
        for (ArrayDeque<Waiter> q : List.of(fetchers, putters, joiners)) {
            for (Iterator<Waiter> it = q.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.session == s && (requestId == 0 || w.id == requestId)) {
                    it.remove();
                    if (w.timeout != null) {
                        w.timeout.cancel(false);
                    }
                    s.reply(w.id, Op.STATUS_CANCELLED, null);
                }
            }
        }
        serve();
    }

    synchronized void ack(Session s, int id, long taken) {
        Consumer c = consumers.get(s);
        if (c != null) {
            acknowledge(c, taken);
        }
        s.replyOk(id);
    }

    synchronized void giveBack(Session s, int id, long taken) {
        users.remove(s);
        if (s.isLocal()) {
            releasedByMaker = true;
        }
        Consumer c = consumers.remove(s);
        if (c != null) {
            acknowledge(c, taken);
            end(c);
        }
        s.replyOk(id);
        serve();
    }

    synchronized void size(Session s, int id, long taken) {
        Consumer mine = consumers.get(s);
        if (mine != null) {
            acknowledge(mine, taken);
        }
        for (Consumer c : consumers.values()) {
            if (c.slot != null) {
                acknowledge(c, ledger.taken(c.slot));
            }
        }
        int size = items.size() + inFlightCount;
        s.reply(id, Op.STATUS_OK, w -> w.putInt(size));
    }

    synchronized int size() {
        return items.size() + inFlightCount;
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
            park(joiners, new Waiter(s, id, 0, false, null), timeoutNanos);
        }
    }

    synchronized void sessionClosed(Session s) {
        users.remove(s);
        Consumer c = consumers.remove(s);
        if (c != null) {
            end(c);
        }
        for (ArrayDeque<Waiter> q : List.of(fetchers, putters, joiners)) {
            q.removeIf(w -> {
                if (w.session == s && w.timeout != null) {
                    w.timeout.cancel(false);
                }
                return w.session == s;
            });
        }
        serve();
    }

    /**
     * Notes that {@code s} uses the queue, unless it is the coordinator, whose hold is
     * {@link #releaseByMaker() its handles}.
     *
     * @return false if the queue was freed
     */
    synchronized boolean use(Session s, boolean opens) {
        if (!freed && opens && !s.isLocal()) {
            users.add(s);
        }
        return !freed;
    }

    /** The coordinator closed the queue, or no handle to it is left there. */
    synchronized void releaseByMaker() {
        releasedByMaker = true;
    }

    /** Frees the queue if its maker let go and no process has it open; true if it did now. */
    synchronized boolean freeIfUnused() {
        if (freed || !releasedByMaker || !users.isEmpty()) {
            return false;
        }
        discard();
        return true;
    }

    /** Frees everything: the queue is gone. */
    synchronized void discard() {
        freed = true;
        for (Consumer c : consumers.values()) {
            if (c.slot != null) {
                ledger.revoke(c.slot);
            }
        }
        consumers.clear();
        for (ArrayDeque<Waiter> q : List.of(fetchers, putters, joiners)) {
            for (Waiter w : q) {
                if (w.timeout != null) {
                    w.timeout.cancel(false);
                }
                w.session.replyError(w.id, RemoteError.IPC, "the queue was freed");
            }
            q.clear();
        }
        items.clear();
        inFlightCount = 0;
    }

    private Consumer consumer(Session s) {
        Consumer c = consumers.get(s);
        if (c == null) {
            c = new Consumer(s.isLocal() ? null : ledger.assign());
            consumers.put(s, c);
        }
        return c;
    }

    /** Counts what the consumer took, learned from it or from its ledger slot, and drops those items. */
    private void acknowledge(Consumer c, long taken) {
        long n = taken - c.acknowledged;
        if (n <= 0) {
            return;
        }
        c.acknowledged = taken;
        for (long i = 0; i < n && !c.inFlight.isEmpty(); i++) {
            c.inFlight.pollFirst();
            inFlightCount--;
        }
    }

    /**
     * Ends a consumer: what its slot says it took is gone, and no take can follow; the rest
     * goes back to the head of the queue, in its order.
     */
    private void end(Consumer c) {
        if (c.slot != null) {
            acknowledge(c, ledger.revoke(c.slot));
        }
        for (Iterator<byte[]> it = c.inFlight.descendingIterator(); it.hasNext(); ) {
            items.addFirst(it.next());
        }
        inFlightCount -= c.inFlight.size();
        c.inFlight.clear();
    }

    private void deliver(Waiter w) {
        Consumer c = consumer(w.session);
        // Share what there is with the consumers still waiting, and stay within a frame.
        int share = (items.size() + fetchers.size()) / (fetchers.size() + 1);
        int limit = Math.min(w.max, Math.max(1, share));
        int n = 0;
        long bytes = 64;
        byte[][] batch = new byte[Math.min(limit, items.size())][];
        while (n < batch.length) {
            byte[] next = items.peekFirst();
            bytes += next.length + 4;
            if (n > 0 && bytes > maxReplyBytes) {
                break;
            }
            batch[n++] = items.pollFirst();
            c.inFlight.addLast(next);
        }
        inFlightCount += n;
        int count = n;
        TakeLedger.Slot slot = w.wantsSlot ? c.slot : null;
        w.session.reply(w.id, Op.STATUS_OK, out -> {
            if (slot == null) {
                out.putInt(-1);
            } else {
                out.putInt(slot.index()).putInt(slot.generation()).putString(slot.block());
            }
            out.putInt(count);
            for (int i = 0; i < count; i++) {
                out.putBytes(batch[i]);
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
