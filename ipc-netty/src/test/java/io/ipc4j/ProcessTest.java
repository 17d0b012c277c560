package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** CPython's Process semantics across real child JVMs. */
@Timeout(120)
class ProcessTest {
    private Context mp;

    @BeforeEach
    void open() {
        mp = Context.create();
    }

    @AfterEach
    void close() {
        mp.close();
    }

    @Test
    void successfulTargetExitsZeroAndLifecycleIsReported() {
        ChildProcess p = mp.process(() -> Thread.sleep(300)).name("sleeper");
        assertEquals("sleeper", p.name());
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertThrows(IllegalStateException.class, p::pid);
        p.start();
        assertTrue(p.isAlive());
        assertNotEquals(ProcessHandle.current().pid(), p.pid());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertTrue(mp.activeChildren().contains(p));
        assertThrows(IllegalStateException.class, () -> p.name("late"));
        assertThrows(IllegalStateException.class, p::start);
        assertThrows(IllegalStateException.class, p::close);
        assertTrue(p.join(Duration.ofSeconds(60)));
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertFalse(mp.activeChildren().contains(p));
        p.close();
    }

    @Test
    void onExitCompletesWithTheProcessOnceItsExitCodeIsKnown() throws Exception {
        ChildProcess idle = mp.process(() -> Thread.sleep(60_000));
        assertThrows(IllegalStateException.class, idle::onExit, "before start");
        idle.start();
        CompletableFuture<ChildProcess> killed = idle.onExit();
        ChildProcess ends = mp.process(() -> System.exit(3)).start();
        assertSame(ends, ends.onExit().get(60, TimeUnit.SECONDS));
        assertEquals(OptionalInt.of(3), ends.exitCode());
        assertFalse(killed.isDone(), "a running child's future completed");
        ProcessHandle.of(idle.pid()).orElseThrow().destroyForcibly(); // from outside: 128 + 9
        assertSame(idle, killed.get(60, TimeUnit.SECONDS));
        assertEquals(OptionalInt.of(137), idle.exitCode());
        assertSame(idle, idle.onExit().get(60, TimeUnit.SECONDS), "asked again once ended");
    }

    @Test
    void targetThatThrowsExitsOneWithTracebackUnderProcessName() {
        String err = captureErr(() -> {
            ChildProcess p = mp.process(() -> {
                throw new IllegalArgumentException("boom from the child");
            }).name("faulty").start();
            assertTrue(p.join(Duration.ofSeconds(60)));
            assertEquals(OptionalInt.of(1), p.exitCode());
        });
        assertTrue(err.contains("Process faulty:"), err);
        assertTrue(err.contains("IllegalArgumentException: boom from the child"), err);
        assertTrue(err.indexOf("Process faulty:") < err.indexOf("boom from the child"), err);
    }

    @Test
    void childOutputReachesParent() {
        String out = captureOut(() -> {
            ChildProcess p = mp.process(() -> System.out.println("hello from " + Context.currentProcess().name()))
                    .name("greeter").start();
            assertTrue(p.join(Duration.ofSeconds(60)));
        });
        assertTrue(out.contains("hello from greeter"), out);
    }

    @Test
    void terminateGivesMinus15AndKillGivesMinus9() {
        ChildProcess t = mp.process(() -> Thread.sleep(60_000)).start();
        ChildProcess k = mp.process(() -> Thread.sleep(60_000)).start();
        assertFalse(t.join(Duration.ofMillis(200)));
        t.terminate();
        k.kill();
        assertTrue(t.join(Duration.ofSeconds(30)));
        assertTrue(k.join(Duration.ofSeconds(30)));
        assertEquals(OptionalInt.of(-15), t.exitCode());
        assertEquals(OptionalInt.of(-9), k.exitCode());
    }

    @Test
    void childKnowsItselfAndItsParentAndArgumentsArrive() {
        Queue<Object> q = mp.queue();
        ChildProcess p = mp.process((Queue<Object> out, String tag) -> {
            out.put(tag);
            out.put(Context.currentProcess());
            out.put(Context.parentProcess().orElseThrow());
        }, q, "tag-42").name("introspect").start();
        assertEquals("tag-42", q.get(Duration.ofSeconds(60)));
        ProcessInfo me = (ProcessInfo) q.get(Duration.ofSeconds(30));
        ProcessInfo parent = (ProcessInfo) q.get(Duration.ofSeconds(30));
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertEquals("introspect", me.name());
        assertEquals(p.pid(), me.pid());
        assertEquals(ProcessHandle.current().pid(), parent.pid());
        assertEquals("MainProcess", Context.currentProcess().name());
        assertTrue(Context.parentProcess().isEmpty());
        assertTrue(Context.cpuCount() >= 1);
    }

    @Test
    void unserializableTargetFailsStartNamingTheClass() {
        Thread local = new Thread(() -> { });
        ChildProcess p = mp.process(() -> local.start());
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertFalse(p.isAlive());
    }

    @Test
    void contextCannotBeCapturedByATarget() {
        Context captured = mp;
        SerializationException e = assertThrows(SerializationException.class,
                () -> mp.process(() -> captured.queue()).start());
        assertTrue(e.getMessage().contains("io.ipc4j.Context"), e.getMessage());
    }

    @Test
    void childThatCannotStartExitsNonZeroInsteadOfHanging() {
        try (Context bad = Context.create(Map.of(Config.CHILD_JVM_ARGS, "-XX:+NoSuchJvmOptionForIpc4j"))) {
            ChildProcess p = bad.process(() -> { }).start();
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertTrue(p.exitCode().orElseThrow() != 0);
        }
    }

    @Test
    void closeJoinsNonDaemonAndTerminatesDaemonChildren() {
        Context ctx = Context.create();
        Queue<String> q = ctx.queue();
        ChildProcess worker = ctx.process(() -> {
            Thread.sleep(500);
            q.put("worker finished");
        }).start();
        ChildProcess daemon = ctx.process(() -> Thread.sleep(60_000)).daemon(true).start();
        long t0 = System.nanoTime();
        ctx.close();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos());
        assertEquals(OptionalInt.of(0), worker.exitCode());
        assertEquals(OptionalInt.of(-15), daemon.exitCode());
        assertThrows(IllegalStateException.class, ctx::queue);
    }

    @Test
    void warmSparesRunTargetsAndDoNotOutliveTheirContext() throws Exception {
        try (Context ctx = Context.create(Map.of(Config.CHILD_SPARES, "1"))) {
            Queue<Object> q = ctx.queue();
            java.util.Set<Long> pids = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(ctx.awaitSpares(Duration.ofSeconds(60)));
                ChildProcess p = ctx.process((Queue<Object> out) -> {
                    out.put(Context.currentProcess());
                }, q).name("warm-" + i).start();
                ProcessInfo info = (ProcessInfo) q.get(Duration.ofSeconds(60));
                assertEquals("warm-" + i, info.name());
                assertEquals(p.pid(), info.pid());
                assertTrue(p.join(Duration.ofSeconds(60)));
                assertEquals(OptionalInt.of(0), p.exitCode());
                pids.add(p.pid());
            }
            assertEquals(3, pids.size());
        }
        long stillRunning = ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("ChildMain"))
                .filter(ProcessHandle::isAlive).count();
        assertEquals(0, stillRunning, "a spare outlived its context");
    }

    static String captureOut(Runnable body) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    static String captureErr(Runnable body) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
