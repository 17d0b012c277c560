package io.ipc4j;

/**
 * A reentrant lock shared by processes (CPython's {@code multiprocessing.RLock}): the
 * thread that holds it may acquire it again and must release it as often. Unlike a
 * {@link Lock}, it is owned: a release by any other thread, in this process or another,
 * throws {@link IllegalMonitorStateException}. An owner that dies holding it (even by
 * {@code kill -9}) loses it to the next waiter.
 */
public interface RLock extends Lock {

    /** How many times the current thread holds this lock; 0 if it does not. */
    int holdCount();

    /** Whether the current thread holds this lock. */
    boolean isHeldByCurrentThread();
}
