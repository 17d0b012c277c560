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
 * that has no slot (no shared memory) acknowledges each item before {@code get} returns it.
 * A consumer that holds items without taking any while others wait has them recalled.
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
    /** Processes that hold a handle to this queue: they opened it and have not let go of it. */
    private final java.util.Set<Session> users = new java.util.HashSet<>();
    private boolean freed;
    private ScheduledFuture<?> recallCheck;

    /** One consumer's items fetched and not yet known to be taken, oldest first. */
    private static final class Consumer {
        final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
        TakeLedger.Slot slot;
        /** Whether the consumer was told its slot as it is now: not after a recall. */
        boolean slotTold;
        /** Whether it counts its takes in its slot (it could map the ledger); only then may it be recalled. */
        boolean countsInLedger;
        long acknowledged;
        /** When it last took an item or was given a batch: a consumer idle with a batch may be recalled. */
        long lastProgress = System.nanoTime();

        Consumer(TakeLedger.Slot slot) {
            this.slot = slot;
        }
    }

    /** How long a consumer may hold fetched items without taking one while others wait for items. */
    private static final long RECALL_AFTER_NANOS = 100_000_000;

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

    synchronized void fetch(Session s, int id, long taken, int max, boolean wantsSlot, boolean countsInLedger,
                            long timeoutNanos) {
        Consumer c = consumer(s);
        c.countsInLedger = countsInLedger;
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
            scheduleRecall();
        }
    }

    /** Looks soon for consumers that hold items without taking them while this queue has none. */
    private void scheduleRecall() {
        if (recallCheck == null && !fetchers.isEmpty() && items.isEmpty() && inFlightCount > 0) {
            recallCheck = timer.schedule(this::recallStalled, RECALL_AFTER_NANOS / 2, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Takes back the untaken items of consumers that took nothing for a while, so that a
     * stopped or stalled consumer does not keep them from the others waiting.
     */
    private synchronized void recallStalled() {
        recallCheck = null;
        if (freed || fetchers.isEmpty() || !items.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Consumer c : consumers.values()) {
            if (c.slot == null || !c.countsInLedger || c.inFlight.isEmpty()) {
                continue;
            }
            acknowledge(c, ledger.taken(c.slot));
            if (!c.inFlight.isEmpty() && now - c.lastProgress >= RECALL_AFTER_NANOS) {
                TakeLedger.Recalled r = ledger.recall(c.slot);
                if (r != null) {
                    c.slot = r.slot();
                    c.slotTold = false;
                    acknowledge(c, r.taken());
                    requeue(c);
                }
            }
        }
        serve();
        scheduleRecall();
    }

    /**
     * Withdraws a parked request of {@code s}, or, for request id 0, all its parked fetches;
     * one that was already answered stays answered.
     */
    synchronized void cancel(Session s, int requestId) {
        for (ArrayDeque<Waiter> q : requestId == 0 ? List.of(fetchers) : List.of(fetchers, putters, joiners)) {
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

    /** {@code s} closed the queue: what it fetched and did not take goes back; it still holds the queue. */
    synchronized void giveBack(Session s, int id, long taken) {
        Consumer c = consumers.remove(s);
        if (c != null) {
            acknowledge(c, taken);
            end(c);
        }
        s.replyOk(id);
        serve();
    }

    /** {@code s} holds no handle to the queue any more: as {@link #giveBack}, and it no longer keeps the queue. */
    synchronized void release(Session s) {
        giveBack(s, 0, 0);
        users.remove(s);
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

    /**
     * Lets go of what process {@code s} held here, now gone.
     *
     * @return whether it held the queue: only then may the queue be unused now (one just
     *         made, not yet opened by its maker, is not)
     */
    synchronized boolean sessionClosed(Session s) {
        boolean held = users.remove(s);
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
        return held;
    }

    /**
     * Notes that {@code s} holds the queue, when {@code opens}.
     *
     * @return false if the queue was freed
     */
    synchronized boolean use(Session s, boolean opens) {
        if (!freed && opens) {
            users.add(s);
        }
        return !freed;
    }

    /** Frees the queue if no process holds it; true if it did now. */
    synchronized boolean freeIfUnused() {
        if (freed || !users.isEmpty()) {
            return false;
        }
        discard();
        return true;
    }

    /** Frees everything: the queue is gone. */
    synchronized void discard() {
        freed = true;
        if (recallCheck != null) {
            recallCheck.cancel(false);
        }
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
            c = new Consumer(ledger.assign());
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
        c.lastProgress = System.nanoTime();
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
        requeue(c);
    }

    /** Puts the consumer's untaken items back at the head of the queue, in their order. */
    private void requeue(Consumer c) {
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
        c.lastProgress = System.nanoTime();
        int count = n;
        TakeLedger.Slot slot = w.wantsSlot || !c.slotTold ? c.slot : null;
        if (slot != null) {
            c.slotTold = true;
        }
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
