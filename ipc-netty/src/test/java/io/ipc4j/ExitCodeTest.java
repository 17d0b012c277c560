package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exit codes: 128 + N reads as -N only when N is a signal that terminate() or kill() sent;
 * a child's own System.exit(128 + N) reads as itself.
 */
@Timeout(120)
class ExitCodeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Context mp;

    @BeforeAll
    static void start() {
        mp = Context.create();
    }

    @AfterAll
    static void stop() {
        mp.close();
    }

    @Test
    void systemExitAbove128IsTheChildsOwnCode() {
        ChildProcess sigintLike = mp.process(() -> System.exit(130)).start();
        ChildProcess sigtermLike = mp.process(() -> System.exit(143)).start();
        assertTrue(sigintLike.join(WAIT));
        assertTrue(sigtermLike.join(WAIT));
        assertEquals(OptionalInt.of(130), sigintLike.exitCode());
        assertEquals(OptionalInt.of(143), sigtermLike.exitCode());
        sigtermLike.terminate();
        assertEquals(OptionalInt.of(143), sigtermLike.exitCode(), "a child that had ended was sent nothing");
    }

    @Test
    void terminateAndKillReadAsMinusTheSignal() {
        ChildProcess t = mp.process(() -> Thread.sleep(60_000)).start();
        ChildProcess k = mp.process(() -> Thread.sleep(60_000)).start();
        t.terminate();
        k.kill();
        assertTrue(t.join(WAIT));
        assertTrue(k.join(WAIT));
        assertEquals(OptionalInt.of(-15), t.exitCode());
        assertEquals(OptionalInt.of(-9), k.exitCode());
    }

    @Test
    void aChildThatExitsWithAnotherCodeAfterTerminateKeepsIt() {
        // Wait until the hook is in place: the child says so through a queue.
        Queue<String> ready = mp.queue();
        ChildProcess q = mp.process((Queue<String> out) -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(3)));
            out.put("hooked");
            Thread.sleep(60_000);
        }, ready).start();
        assertEquals("hooked", ready.get(WAIT));
        q.terminate();
        assertTrue(q.join(WAIT));
        assertEquals(OptionalInt.of(3), q.exitCode());
    }
}
