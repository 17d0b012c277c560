package io.ipc4j.examples;

import io.ipc4j.Context;
import io.ipc4j.Pool;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits until every worker of a process pool has started. A pool takes work as soon as its
 * first worker is up, and worker JVMs come up a few hundred milliseconds apart; a demo that
 * shows how work spreads over the workers (CPython forks its workers in milliseconds, so
 * its demos never see this) waits here first.
 */
final class PoolWarmUp {
    private PoolWarmUp() {
    }

    /** Runs short tasks, one per worker, until each of {@code pool.size()} workers ran one. */
    static void awaitWorkers(Pool pool) {
        int size = pool.size();
        Set<Long> pids = new HashSet<>();
        long deadline = System.nanoTime() + Children.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> seen = pool.map((Integer i) -> {
                Thread.sleep(20);
                return Context.currentProcess().pid();
            }, Collections.nCopies(size, 0), 1);
            pids.clear();
            pids.addAll(seen);
            if (pids.size() == size) {
                return;
            }
        }
        throw new IllegalStateException("only " + pids.size() + " of " + size + " pool workers came up");
    }
}
