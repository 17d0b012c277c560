package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Handles made by the coordinator, used in processes further down: a child makes a context
 * of its own and starts a grandchild with the handle, and so on.
 */
@Timeout(180)
class DescendantHandlesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
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

    private static void assertExitsZero(ChildProcess p) {
        assertTrue(p.join(WAIT), p + " still runs");
        assertEquals(0, p.exitCode().orElseThrow(), p + " failed: see its stack trace above");
    }

    @Test
    void queueWorksInAGrandchildAndAGreatGrandchild() {
        Queue<String> down = mp.queue();
        Queue<String> up = mp.queue();
        down.put("from the coordinator");
        ChildProcess child = mp.process(() -> runInNewContext(() -> {
            up.put("grandchild got: " + down.get());
            runInNewContext(() -> up.put("great-grandchild " + Context.currentProcess().pid()));
        })).daemon(true).start();
        assertEquals("grandchild got: from the coordinator", up.get(WAIT));
        assertTrue(up.get(WAIT).startsWith("great-grandchild "));
        assertExitsZero(child);
    }

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void pipeEndWorksInAGrandchild(String channel) {
        try (Context ctx = Context.create(Map.of(Config.CHANNEL, channel))) {
            Pipe pipe = ctx.pipe();
            Connection far = pipe.right();
            ChildProcess child = ctx.process(() -> runInNewContext(() -> {
                far.send("hello from the grandchild");
                far.send("echo: " + far.recv());
                far.close();
            })).daemon(true).start();
            Connection near = pipe.left();
            assertEquals("hello from the grandchild", near.recv(WAIT));
            near.send("ping");
            assertEquals("echo: ping", near.recv(WAIT));
            assertExitsZero(child);
        }
    }

    @Test
    void aContextMadeAfterASpareStartedStillReachesItsChildren() {
        try (Context withSpare = Context.create(Map.of(Config.CHILD_SPARES, "1"))) {
            assertTrue(withSpare.awaitSpares(WAIT));
            try (Context later = Context.create()) {
                Queue<String> other = later.queue();
                ChildProcess p = withSpare.process(() -> other.put("reached")).daemon(true).start();
                assertEquals("reached", other.get(WAIT));
                assertExitsZero(p);
            }
        }
    }

    @Test
    void grandchildEnvironmentHoldsTheKeysOfTheContextsItCanReachAndNoOther() {
        Queue<Object> q = mp.queue();
        ChildProcess child = mp.process(() -> {
            q.put(System.getenv("IPC4J__KEY"));
            Context.create().close();
            runInNewContext(() -> q.put(new TreeMap<>(System.getenv().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("IPC4J"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
        }).daemon(true).start();
        String childKey = (String) q.get(WAIT);
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) q.get(WAIT);
        assertExitsZero(child);
        Set<String> keys = env.entrySet().stream().filter(e -> e.getKey().endsWith("KEY"))
                .map(Map.Entry::getValue).collect(Collectors.toSet());
        long keyVariables = env.keySet().stream().filter(k -> k.endsWith("KEY")).count();
        assertEquals(2, keyVariables, "expected the keys of the child's context and of the coordinator's: " + env.keySet());
        assertEquals(2, keys.size(), env.keySet().toString());
        assertTrue(keys.contains(childKey), "the coordinator's key is missing: " + env.keySet());
    }

    @Test
    void handleThatReachedAProcessOutsideItsTreeSaysWhyItCannotWork() {
        Queue<Object> q = mp.queue();
        ChildProcess child = mp.process(() -> {
            try (Context own = Context.create()) {
                Queue<String> childQueue = own.queue();
                q.put(childQueue);
                q.put("sent");
                childQueue.get(Duration.ofSeconds(60)); // keeps its context open meanwhile
            }
        }).daemon(true).start();
        @SuppressWarnings("unchecked")
        Queue<String> foreign = (Queue<String>) q.get(WAIT);
        assertEquals("sent", q.get(WAIT));
        IpcException e = assertThrows(IpcException.class, () -> foreign.put("x"));
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
        assertTrue(e.getMessage().contains("through a queue or a pipe"), e.getMessage());
        child.terminate();
        assertTrue(child.join(WAIT));
    }

    @Test
    void poolCannotBeSentToAnotherProcessAndSaysSo() {
        try (Pool pool = mp.pool(1)) {
            SerializationException e = assertThrows(SerializationException.class, () -> mp.process(
                    () -> runInNewContext(() -> pool.map(x -> x, List.of(1)))).start());
            assertTrue(e.getMessage().contains("a Pool cannot be sent to another process"), e.getMessage());
            Queue<Object> q = mp.queue();
            e = assertThrows(SerializationException.class, () -> q.put(pool));
            assertTrue(e.getMessage().contains("a Pool cannot be sent to another process"), e.getMessage());
            assertEquals(List.of(4), pool.map(x -> x * x, List.of(2)));
        }
    }
}
