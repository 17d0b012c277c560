package io.ipc4j.internal.manager;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The waiters of a managed condition, in arrival order. The condition's lock is a separate
 * managed lock, held by the clients around {@link #enqueue()} and {@link #signal(int)}: a
 * waiter joins under it, releases it, and waits here for its ticket to be signaled, so a
 * signal that comes between the release and the wait is not lost. The waiters of a process
 * that ends are dropped, so signals skip them.
 */
final class ServerCondition implements ManagedApis.ConditionApi, SessionWatch.SessionBound {
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition changed = mutex.newCondition();
    /** Waiting tickets and their sessions, earliest first. */
    private final LinkedHashMap<Long, Long> waiting = new LinkedHashMap<>();
    /** Signaled tickets not yet picked up, and their sessions. */
    private final Map<Long, Long> signaled = new HashMap<>();
    private long lastTicket;

    @Override
    public long enqueue() {
        Caller caller = Caller.current();
        long session = caller.session();
        mutex.lock();
        try {
            long ticket = ++lastTicket;
            waiting.put(ticket, session);
            SessionWatch.watch(caller, this);
            return ticket;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public boolean awaitSignal(long ticket, long timeoutNanos, boolean last) throws InterruptedException {
        mutex.lock(); // not interruptibly: a signal already given must be returned, not dropped
        try {
            long left = timeoutNanos;
            while (signaled.remove(ticket) == null) {
                if (!waiting.containsKey(ticket)) {
                    return false;
                }
                if (left == 0) {
                    if (last) {
                        waiting.remove(ticket);
                    }
                    return false;
                }
                try {
                    left = Waits.await(changed, left);
                } catch (InterruptedException e) {
                    if (signaled.remove(ticket) != null) {
                        return true; // the signal is this waiter's: returning keeps it from being lost
                    }
                    waiting.remove(ticket);
                    throw e;
                }
            }
            return true;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int signal(int n) {
        mutex.lock();
        try {
            int woken = 0;
            Iterator<Map.Entry<Long, Long>> it = waiting.entrySet().iterator();
            while (woken < n && it.hasNext()) {
                Map.Entry<Long, Long> w = it.next();
                signaled.put(w.getKey(), w.getValue());
                it.remove();
                woken++;
            }
            if (woken > 0) {
                changed.signalAll();
            }
            return woken;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void sessionEnded(long session) {
        mutex.lock();
        try {
            waiting.values().removeIf(s -> s == session);
            signaled.values().removeIf(s -> s == session);
        } finally {
            mutex.unlock();
        }
    }
}
