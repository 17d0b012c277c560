package io.ipc4j.internal.manager;

import io.ipc4j.SemaphoreOverReleaseException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A managed semaphore, bounded or not. Permits are counted against the processes that
 * took them (a release is charged to the releasing process first, else to any holder), so
 * that the permits of a process that ends go back at once; the acquisitions that take
 * them report that they took them over from a dead owner.
 */
final class ServerSemaphore implements ManagedApis.SemaphoreApi, SessionWatch.SessionBound {
    private final int initial;
    private final boolean bounded;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition available = mutex.newCondition();
    private final Map<Long, Integer> heldBySession = new HashMap<>();
    private int count;
    /** Permits given back by processes that ended, not yet taken again. */
    private int reclaimed;

    ServerSemaphore(int initial, boolean bounded) {
        if (initial < 0) {
            throw new IllegalArgumentException("semaphore initial value must be >= 0: " + initial);
        }
        this.initial = initial;
        this.bounded = bounded;
        this.count = initial;
    }

    @Override
    public int acquire(long timeoutNanos) throws InterruptedException {
        Caller caller = Caller.current();
        long session = caller.session();
        mutex.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (count == 0) {
                if (left == 0) {
                    return ManagedApis.TIMED_OUT;
                }
                left = Waits.await(available, left);
            }
            count--;
            heldBySession.merge(session, 1, Integer::sum);
            SessionWatch.watch(caller, this);
            if (reclaimed > 0) {
                reclaimed--;
                return ManagedApis.TOOK_OVER;
            }
            return ManagedApis.ACQUIRED;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void release() {
        long session = Caller.current().session();
        mutex.lock();
        try {
            if (bounded && count >= initial) {
                throw new SemaphoreOverReleaseException("bounded semaphore released too many times (its initial value is "
                        + initial + ")");
            }
            Long chargedTo = heldBySession.containsKey(session) ? Long.valueOf(session)
                    : heldBySession.keySet().stream().findFirst().orElse(null);
            if (chargedTo != null) {
                heldBySession.computeIfPresent(chargedTo, (s, n) -> n == 1 ? null : n - 1);
            }
            count++;
            available.signal();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int value() {
        mutex.lock();
        try {
            return count;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void sessionEnded(long session) {
        mutex.lock();
        try {
            Integer held = heldBySession.remove(session);
            if (held != null) {
                count += held;
                reclaimed += held;
                available.signalAll();
            }
        } finally {
            mutex.unlock();
        }
    }
}
