package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** A pool's workers come from the context's spares, and a warm pool asks the context for more while it is open. */
@Timeout(180)
class PoolSparesTest {

    @Test
    void aPoolsWorkersAreTheContextsSpares() {
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "2"))) {
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spares were not ready");
            Set<Long> spares = childPids();
            try (Pool pool = mp.pool(2)) {
                Set<Long> workers = Set.copyOf(PoolTest.onBothWorkers(mp, pool));
                assertEquals(2, workers.size(), "the map ran on one worker only: " + workers);
                assertTrue(spares.containsAll(workers), "workers " + workers + " were not the spares " + spares);
            }
        }
    }

    @Test
    void aWarmPoolAsksForSparesAndReplacesALostWorkerFromThem() throws Exception {
        try (Context mp = Context.create()) {
            Set<Long> spares;
            try (Pool pool = mp.poolBuilder().processes(1).warm(true).build()) {
                long worker = pool.apply(() -> ProcessHandle.current().pid());
                assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spares were not ready");
                spares = new java.util.HashSet<>(childPids());
                spares.remove(worker);
                assertFalse(spares.isEmpty(), "the pool asked for no spare");
                ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
                long replacement = pool.apply(() -> ProcessHandle.current().pid());
                assertNotEquals(worker, replacement);
                assertTrue(spares.contains(replacement), "the replacement " + replacement + " is not one of the spares "
                        + spares);
                assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spare taken was not replaced");
                spares = new java.util.HashSet<>(childPids());
                spares.remove(replacement);
                assertFalse(spares.isEmpty(), "the spare taken was not replaced");
            }
            // closed, the pool gives its spares back: the context ends them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!java.util.Collections.disjoint(childPids(), spares) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(java.util.Collections.disjoint(childPids(), spares), "spares kept after the pool closed");
        }
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
