package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What a pool does when its workers die outside any chunk: at start, or idle once ready. */
@Timeout(180)
class PoolWorkerDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void idleWorkersKilledOnceReadyAreReplacedAsOftenAsTheyDie() {
        try (Context ctx = Context.create()) {
            Queue<Long> ready = ctx.queue();
            try (Pool p = ctx.poolBuilder().processes(1).initializer(() -> reportWhenWaitingForWork(ready)).build()) {
                // more than the 3 x size + 1 losses in a row that stop a pool whose workers cannot start
                for (int i = 0; i < 6; i++) {
                    kill(ready.get(WAIT));
                }
                assertEquals(42, p.apply(() -> 42), "the pool goes on with a new worker");
                assertEquals(List.of(1, 4, 9), p.map((Integer x) -> x * x, List.of(1, 2, 3)));
            }
        }
    }

    /**
     * Puts this worker's pid once its main thread waits for a chunk, past telling the pool it is
     * ready: the initializer itself runs before that, and the worker dials its pipe in between.
     */
    static void reportWhenWaitingForWork(Queue<Long> ready) {
        Thread main = Thread.currentThread();
        Thread reporter = new Thread(() -> {
            try {
                while (Arrays.stream(main.getStackTrace()).noneMatch(f -> f.getClassName().endsWith("WorkerEnd")
                        && f.getMethodName().equals("next"))) {
                    Thread.sleep(1);
                }
                ready.put(ProcessHandle.current().pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reporter.setDaemon(true);
        reporter.start();
    }

    @Test
    void workersThatDieInTheirInitializerStopThePoolWithANamedError() throws Exception {
        try (Context ctx = Context.create()) {
            Pool p = ctx.poolBuilder().processes(1).initializer(() -> Runtime.getRuntime().halt(3)).build();
            try {
                // the first map's chunk fails once it was tried as often as allowed, or the pool stops first
                assertThrows(WorkerLostException.class, () -> p.map((Integer x) -> x, List.of(1, 2, 3)));
                long deadline = System.nanoTime() + WAIT.toNanos();
                WorkerLostException stopped = null;
                while (stopped == null && System.nanoTime() < deadline) {
                    try {
                        p.apply(() -> 1);
                        fail("a worker whose initializer halts ran a task");
                    } catch (WorkerLostException e) {
                        if (e.getMessage().contains("keep dying")) {
                            stopped = e;
                        }
                    }
                }
                assertNotNull(stopped, "the pool kept starting workers that die at once");
                assertTrue(stopped.getMessage().contains("exit code 3"), stopped.getMessage());
                WorkerLostException again = assertThrows(WorkerLostException.class, () -> p.apply(() -> 1));
                assertSame(stopped, again, "a stopped pool fails every call with the same error");
            } finally {
                p.terminate();
            }
            assertTrue(ctx.activeChildren().isEmpty(), "workers left: " + ctx.activeChildren());
        }
    }

    /** Says this worker started, then takes {@code millis} more in its initializer. */
    static void slowInitializer(Queue<Long> started, long millis) throws InterruptedException {
        started.put(ProcessHandle.current().pid());
        Thread.sleep(millis);
    }

    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    @Test
    void aChunkHeldByAWorkerKilledBeforeItWasReadyIsNotChargedARun() throws Exception {
        try (Context ctx = Context.create()) {
            Queue<Long> started = ctx.queue();
            Pool p = ctx.poolBuilder().processes(1).retries(0).initializer(() -> slowInitializer(started, 2000))
                    .build();
            try {
                AsyncResult<Integer> r = p.applyAsync(() -> 42);
                kill(started.get(WAIT)); // in its initializer: it never read the chunk
                assertEquals(42, r.get(WAIT), "with retries(0), the chunk ran on the next worker");
            } finally {
                p.terminate();
            }
        }
    }

    @Test
    void aWorkerThatWasReadyStartsTheCountOfLossesAgain() {
        try (Context ctx = Context.create()) {
            Queue<Long> started = ctx.queue();
            Queue<Long> ready = ctx.queue();
            Pool p = ctx.poolBuilder().processes(1).initializer(() -> {
                slowInitializer(started, 1500);
                reportWhenWaitingForWork(ready);
            }).build();
            try {
                for (int i = 0; i < 3; i++) {
                    kill(started.get(WAIT)); // in its initializer: three losses before ready
                }
                long fourth = started.get(WAIT);
                assertEquals(fourth, ready.get(WAIT));
                kill(fourth); // ready: the count starts again
                kill(started.get(WAIT)); // one loss, not four
                assertEquals(42, p.apply(() -> 42), "the pool goes on");
            } finally {
                p.terminate();
            }
        }
    }

    /** Halts this worker as soon as its main thread waits for a chunk, once it has said it is ready. */
    static void dieOnceReady(Queue<Long> started) {
        started.put(System.currentTimeMillis());
        Thread main = Thread.currentThread();
        Thread killer = new Thread(() -> {
            while (Arrays.stream(main.getStackTrace()).noneMatch(f -> f.getClassName().endsWith("WorkerEnd")
                    && f.getMethodName().equals("next"))) {
                Thread.onSpinWait();
            }
            Runtime.getRuntime().halt(7);
        });
        killer.setDaemon(true);
        killer.start();
    }

    @Test
    void workersThatDieOnceReadyAreReplacedEverMoreSlowly() {
        try (Context ctx = Context.create()) {
            Queue<Long> started = ctx.queue();
            Pool p = ctx.poolBuilder().processes(1).initializer(() -> dieOnceReady(started)).build();
            try {
                long[] at = new long[11];
                for (int i = 0; i < at.length; i++) {
                    at[i] = started.get(WAIT);
                }
                // the 11th started after 10 such deaths in a row: 1.6 s of waiting before it, besides its start
                long gap = at[10] - at[9];
                assertTrue(gap >= 1600, "the 11th worker started " + gap + " ms after the 10th");
            } finally {
                p.terminate();
            }
            assertTrue(ctx.activeChildren().isEmpty(), "workers left: " + ctx.activeChildren());
        }
    }
}
