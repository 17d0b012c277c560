package io.ipc4j;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What tasks and callbacks may do that a pool must survive: call the pool from a callback,
 * leave a thread's interrupt set, fail with an error too large to send or unreadable, return
 * a result that cannot be read here. Each was found by an attacking test run (each failed
 * before its fix).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlocked pool ignores interrupts
class PoolMisuseTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Context mp;

    @BeforeAll
    static void start() {
        mp = Context.create(Map.of(Config.MAX_FRAME_BYTES, Integer.toString(1 << 20)));
    }

    @AfterAll
    static void stop() {
        mp.close();
    }

    private static void usable(Pool pool) {
        assertEquals(List.of(2, 4), pool.map((Integer x) -> x * 2, List.of(1, 2)));
    }

    @Test
    void anErrorCallbackForALostWorkerCanCallThePool() throws Exception {
        Pool pool = mp.poolBuilder().processes(2).retries(0).build();
        try {
            CompletableFuture<Object> followUp = new CompletableFuture<>();
            pool.applyAsync((Integer x) -> {
                Runtime.getRuntime().halt(1); // the worker dies: WorkerLostException, once
                return x;
            }, 1, v -> followUp.complete("the task returned"), e -> {
                String what = e.getClass().getSimpleName();
                try {
                    followUp.complete(pool.apply(() -> "follow-up after " + what));
                } catch (Throwable t) {
                    followUp.complete(t);
                }
            });
            // before: the callback ran under the pool's lock, and the follow-up waited for it for ever
            assertEquals("follow-up after WorkerLostException", followUp.get(60, TimeUnit.SECONDS));
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aCallbackThatLeavesItsThreadInterruptedDoesNotStopThePool() {
        try (Pool pool = mp.pool(1)) {
            CompletableFuture<Object> called = new CompletableFuture<>();
            pool.applyAsync((Integer x) -> x, 1, v -> {
                Thread.currentThread().interrupt(); // "restore the interrupt", on the pool's thread
                called.complete(v);
            }, called::completeExceptionally);
            assertEquals(1, called.join());
            usable(pool);
            usable(pool);
        }
    }

    @Test
    void aTaskThatLeavesItsThreadInterruptedKeepsItsWorker() {
        try (Pool pool = mp.pool(2)) {
            List<Long> pids = pool.map((Integer x) -> {
                Thread.currentThread().interrupt();
                return ProcessHandle.current().pid();
            }, IntStream.range(0, 20).boxed().collect(Collectors.toList()), 1);
            // before: each such task closed its worker's pipe, and every chunk started a new JVM
            assertTrue(new HashSet<>(pids).size() <= 2, "workers started: " + new HashSet<>(pids).size());
            usable(pool);
        }
    }

    @Test
    void aFailureTooLargeOrUnreadableStillReachesTheCallerAsTheTasksError() {
        try (Pool pool = mp.poolBuilder().processes(1).retries(1).build()) {
            long worker = pool.apply(() -> ProcessHandle.current().pid());
            IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(() -> {
                        throw new IllegalArgumentException("x".repeat(2 << 20));
                    }));
            assertTrue(huge.getMessage().contains("more characters"), huge.getMessage().substring(0, 100));
            // its type, an anonymous class, is rebuilt here as a TaskFailedException that names it
            RuntimeException unreadable = assertThrows(RuntimeException.class, () -> pool.apply(() -> {
                throw new IllegalStateException() {
                    @Override
                    public String getMessage() {
                        throw new UnsupportedOperationException("no message for you");
                    }
                };
            }));
            assertTrue(unreadable.toString().contains("could not be read"), unreadable.toString());
            assertEquals(worker, pool.apply(() -> ProcessHandle.current().pid()), "the worker was lost");
        }
    }

    /** A result whose reading throws an Error here (not in the worker, which only writes it). */
    public static final class UnreadableHere implements KryoSerializable, Serializable {
        @Override
        public void write(Kryo kryo, Output output) {
            output.writeInt(1);
        }

        @Override
        public void read(Kryo kryo, Input input) {
            input.readInt();
            throw new AssertionError("cannot read this here");
        }
    }

    @Test
    void aResultThatThrowsAnErrorWhenReadFailsItsTaskAndThePoolGoesOn() {
        try (Pool pool = mp.pool(1)) {
            Throwable t = assertThrows(Throwable.class, () -> pool.apply(UnreadableHere::new));
            assertTrue(t.toString().contains("cannot read this here") || String.valueOf(t.getCause()).contains("cannot read"),
                    t.toString());
            usable(pool); // before: the feeder died and every later call failed
        }
    }

    @Test
    void anInterruptedImapUnorderedThrowsIpcInterruptedException() throws Exception {
        try (Pool pool = mp.pool(1)) {
            Iterator<Integer> it = pool.imapUnordered((Integer x) -> {
                Thread.sleep(10_000);
                return x;
            }, List.of(1, 2));
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    it.hasNext();
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
            });
            reader.start();
            Thread.sleep(200);
            reader.interrupt();
            Throwable e = thrown.get(30, TimeUnit.SECONDS);
            assertInstanceOf(IpcInterruptedException.class, e, String.valueOf(e));
            pool.terminate();
        }
    }
}
