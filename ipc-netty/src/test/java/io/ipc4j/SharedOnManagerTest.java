package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** What {@code ipc4j.shared=manager} does to a context: its manager's start, its stop, what it cannot serve. */
@Timeout(120)
class SharedOnManagerTest {
    private static final Map<String, String> ON_MANAGER = Map.of(Config.SHARED, "manager");

    @Test
    void theManagerStartsAtFirstUseAndStopsWithTheContext() {
        ProcessHandle server;
        try (Context mp = Context.create(ON_MANAGER)) {
            assertEquals(0, mp.activeChildren().size(), "no manager before the first shared object");
            IntValue v = mp.intValue(41);
            assertEquals(42, v.addAndGet(1));
            mp.lock().acquire().close();
            assertEquals(1, mp.activeChildren().size(), "one manager serves every shared object");
            server = ProcessHandle.of(mp.activeChildren().get(0).pid()).orElseThrow();
        }
        assertFalse(server.isAlive(), "the context's close stopped its manager");
    }

    @Test
    void namedSharedMemoryFailsNamingTheSettingThatServesIt() {
        try (Context mp = Context.create(ON_MANAGER)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> mp.sharedMemory("block", 64));
            assertTrue(e.getMessage().contains("ipc4j.shared=mmap"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> mp.attachSharedMemory("block"));
        }
    }

    @Test
    void queuesAndPoolsWorkWithoutTheSharedMemoryTheyUseWhenThereIsSome() {
        try (Context mp = Context.create(ON_MANAGER)) {
            Queue<Integer> q = mp.queue();
            ChildProcess p = mp.process(() -> q.put(7)).start();
            assertEquals(7, q.get(Duration.ofSeconds(60)));
            assertTrue(p.join(Duration.ofSeconds(60)));
            try (Pool pool = mp.pool(2)) {
                assertEquals(java.util.List.of(1, 4, 9), pool.map(x -> x * x, java.util.List.of(1, 2, 3)));
            }
        }
    }

    @Test
    void childrenStillRunningWhenTheContextClosesKeepTheirSharedObjects() {
        ChildProcess child;
        try (Context mp = Context.create(ON_MANAGER)) {
            IntValue v = mp.intValue(0);
            Event started = mp.event();
            child = mp.process(() -> {
                started.set();
                Thread.sleep(1000);
                for (int i = 0; i < 10; i++) {
                    try (Held h = v.lock().acquire()) {
                        v.set(v.get() + 1);
                    }
                }
            }).start();
            assertTrue(started.waitFor(Duration.ofSeconds(60)));
        }
        assertEquals(0, child.exitCode().orElseThrow(), "the manager was stopped before the child that used it ended");
    }
}
