package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Values and locks made by the coordinator, used in a grandchild (started by a context of its child). */
@Timeout(180)
class DescendantSharedTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    /** In a new context of this process: runs {@code target} in a child and fails unless it exits 0. */
    static void runInNewContext(SerializableRunnable target) {
        try (Context here = Context.create()) {
            ChildProcess p = here.process(target).start();
            p.join();
            if (p.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException(p.name() + " exited with " + p.exitCode());
            }
        }
    }

    @Test
    void valueLockAndEventWorkInAGrandchild() {
        IntValue value = mp.intValue(0);
        Lock lock = mp.lock();
        Event counted = mp.event();
        lock.acquire();
        ChildProcess child = mp.process(() -> runInNewContext(() -> {
            value.getAndAdd(10);
            try (Held h = value.lock().acquire(Duration.ofSeconds(60))) {
                value.set(value.get() + 1);
            }
            counted.set();
            try (Held h = lock.acquire(Duration.ofSeconds(60))) {
                value.getAndAdd(100);
            }
        })).start();
        assertTrue(counted.waitFor(WAIT), "the grandchild did not count");
        assertEquals(11, value.get());
        lock.release();
        assertTrue(child.join(WAIT));
        assertEquals(0, child.exitCode().orElseThrow(), "see the stack trace above");
        assertEquals(111, value.get());
        assertTrue(lock.tryAcquire(), "the grandchild did not release the lock");
        lock.release();
    }
}
