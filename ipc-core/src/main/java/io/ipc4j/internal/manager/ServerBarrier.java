package io.ipc4j.internal.manager;

import io.ipc4j.BarrierBrokenException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A managed barrier. A pass ends when the generation moves on; a party arrives, then waits
 * for the pass of its ticket (its generation and arrival index). With an action, the last
 * party to arrive is told to run it in its own process and then {@link #finishPass}; until
 * then the pass stays open and no one else arrives, and {@link #abort()} or
 * {@link #reset()} called from the action behave as {@link java.util.concurrent.CyclicBarrier}'s:
 * an abort breaks the whole pass, a reset breaks the others and lets the last go. A wait
 * that times out or is interrupted, and the end of a process waiting (or running the
 * action), break the barrier.
 */
final class ServerBarrier implements ManagedApis.BarrierApi, SessionWatch.SessionBound {
    private final int parties;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition changed = mutex.newCondition();
    /** The sessions of the parties that arrived in this pass. */
    private final List<Long> arrived = new ArrayList<>();
    private long generation;
    /** The generation a reset with waiters started: those waiters are broken. */
    private long resetGeneration = -1;
    private String broken;
    private boolean actionRunning;
    private long actionSession;

    ServerBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least 1 party, not " + parties);
        }
        this.parties = parties;
    }

    @Override
    public long arrive(boolean hasAction) throws InterruptedException {
        Caller caller = Caller.current();
        mutex.lockInterruptibly();
        try {
            while (actionRunning) {
                changed.await();
            }
            if (broken != null) {
                throw broken(broken);
            }
            int index = arrived.size();
            arrived.add(caller.session());
            SessionWatch.watch(caller, this);
            if (index + 1 == parties) {
                if (hasAction) {
                    actionRunning = true;
                    actionSession = caller.session();
                    return RUN_ACTION;
                }
                nextPass();
                return PASSED | index;
            }
            return generation << 32 | index;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int awaitPass(long ticket, long timeoutNanos, boolean last) throws InterruptedException {
        long g = ticket >>> 32;
        int index = (int) ticket;
        mutex.lock(); // not interruptibly: a pass already made must be returned
        try {
            long left = timeoutNanos;
            while (true) {
                if (generation != g) {
                    if (resetGeneration == g + 1) {
                        throw broken("it was reset");
                    }
                    return index;
                }
                if (broken != null) {
                    throw broken(broken);
                }
                if (left == 0) {
                    if (!last) {
                        return NOT_YET;
                    }
                    breakWith("a wait timed out");
                    throw broken("a wait timed out");
                }
                try {
                    left = Waits.await(changed, left);
                } catch (InterruptedException e) {
                    if (generation != g && resetGeneration != g + 1) {
                        return index; // the pass completed: it is returned, the caller's interrupt set again
                    }
                    if (generation == g) {
                        ManagerCall call = ManagerCall.currentOrNull();
                        breakWith(call != null && call.callerGone()
                                ? "a waiting process died" : "a waiting party was interrupted");
                    }
                    throw e;
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    private void nextPass() {
        arrived.clear();
        generation++;
        changed.signalAll();
    }

    private void breakWith(String why) {
        if (broken == null) {
            broken = why;
        }
        changed.signalAll();
    }

    private static BarrierBrokenException broken(String why) {
        return new BarrierBrokenException("barrier is broken: " + why);
    }

    @Override
    public int finishPass(String actionFailure) {
        mutex.lock();
        try {
            if (!actionRunning) {
                throw new IllegalStateException("no action of this barrier is running");
            }
            actionRunning = false;
            changed.signalAll();
            if (actionFailure != null) {
                breakWith("its action threw " + actionFailure);
                throw broken("its action threw " + actionFailure);
            }
            if (broken != null) {
                throw broken("its action aborted it");
            }
            if (arrived.size() == parties) {
                nextPass();
            }
            // else the action reset the barrier: the others were told, the next pass starts afresh
            return parties - 1;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void abort() {
        mutex.lock();
        try {
            breakWith("it was aborted");
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void reset() {
        mutex.lock();
        try {
            if (!arrived.isEmpty()) {
                resetGeneration = generation + 1;
            }
            arrived.clear();
            broken = null;
            generation++;
            changed.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public int waiting() {
        mutex.lock();
        try {
            return broken != null ? 0 : arrived.size();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public boolean isBroken() {
        mutex.lock();
        try {
            return broken != null;
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void sessionEnded(long session) {
        mutex.lock();
        try {
            if (actionRunning && actionSession == session) {
                actionRunning = false;
                breakWith("the process running its action died");
            } else if (arrived.contains(session)) {
                breakWith("a waiting process died");
            }
        } finally {
            mutex.unlock();
        }
    }
}
