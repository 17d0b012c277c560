package io.ipc4j.internal.manager;

import java.util.LinkedList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A managed queue, joinable or not. An item is in the queue or returned by exactly one
 * {@link #poll}: an interrupted offer has not put, an interrupted poll has not taken (and a
 * poll that took is answered even when its caller was interrupted meanwhile).
 */
final class ServerQueue implements ManagedApis.QueueApi {
    private final int maxsize;
    private final boolean joinable;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition notEmpty = mutex.newCondition();
    private final Condition notFull = mutex.newCondition();
    private final Condition allDone = mutex.newCondition();
    private final LinkedList<Object> items = new LinkedList<>();
    private long unfinished;

    ServerQueue(int maxsize, boolean joinable) {
        this.maxsize = Math.max(0, maxsize);
        this.joinable = joinable;
    }

    @Override
    public boolean offer(Object item, long timeoutNanos) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (maxsize > 0 && items.size() >= maxsize) {
                if (left == 0) {
                    return false;
                }
                left = Waits.await(notFull, left);
            }
            items.addLast(item);
            unfinished++;
            notEmpty.signal();
            return true;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public Object[] poll(long timeoutNanos) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (items.isEmpty()) {
                if (left == 0) {
                    return null;
                }
                left = Waits.await(notEmpty, left);
            }
            Object item = items.removeFirst();
            notFull.signal();
            return new Object[] {item};
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int qsize() {
        mutex.lock();
        try {
            return items.size();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void taskDone() {
        mutex.lock();
        try {
            checkJoinable();
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than items were put");
            }
            if (--unfinished == 0) {
                allDone.signalAll();
            }
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            checkJoinable();
            long left = timeoutNanos;
            while (unfinished > 0) {
                if (left == 0) {
                    return false;
                }
                left = Waits.await(allDone, left);
            }
            return true;
        } finally {
            mutex.unlock();
        }
    }

    private void checkJoinable() {
        if (!joinable) {
            throw new IllegalStateException("taskDone() and join() need a queue made by joinableQueue()");
        }
    }
}
