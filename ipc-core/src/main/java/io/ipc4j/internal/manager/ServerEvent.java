package io.ipc4j.internal.manager;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A managed event. Each set counts a generation, so that a waiter returns true once the
 * flag was set after it began waiting, even if it was cleared again before it looked.
 */
final class ServerEvent implements ManagedApis.EventApi {
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition changed = mutex.newCondition();
    private boolean flag;
    private long sets;

    @Override
    public void set() {
        mutex.lock();
        try {
            if (!flag) {
                flag = true;
                sets++;
                changed.signalAll();
            }
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void clear() {
        mutex.lock();
        try {
            flag = false;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public boolean isSet() {
        mutex.lock();
        try {
            return flag;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public long awaitSet(long since, long timeoutNanos) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            if (since < 0) {
                if (flag) {
                    return SET;
                }
                since = sets;
            }
            long left = timeoutNanos;
            while (sets == since) {
                if (left == 0) {
                    return since;
                }
                left = Waits.await(changed, left);
            }
            return SET;
        } finally {
            mutex.unlock();
        }
    }
}
