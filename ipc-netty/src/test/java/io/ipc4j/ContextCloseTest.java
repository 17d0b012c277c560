package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** close() racing start(), another close() and the JVM's exit hook, with real child JVMs. */
@Timeout(120)
class ContextCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<ProcessHandle> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    @AfterEach
    void killLeftovers() {
        // a child the context lost track of would otherwise sleep on after the test
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aStartRacingCloseIsEitherJoinedOrRefusedAndLeavesNoChildRunning() throws Exception {
        assertEquals(List.of(), liveChildren());
        Context mp = Context.create();
        List<ChildProcess> started = new CopyOnWriteArrayList<>();
        CountDownLatch twoStarted = new CountDownLatch(2);
        CompletableFuture<Throwable> starter = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    started.add(mp.process(() -> Thread.sleep(60_000)).daemon(true).start());
                    twoStarted.countDown();
                }
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(twoStarted.await(60, TimeUnit.SECONDS));
        mp.close();

        Throwable refused = starter.get(60, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, refused);
        assertTrue(refused.getMessage().contains("context is closed"), refused.getMessage());
        for (ChildProcess c : started) {
            assertFalse(c.isAlive(), c + " outlived close()");
        }
        assertEquals(List.of(), liveChildren(), "a child started during close() was never ended");
    }

    @Test
    void aSecondCloseWaitsForTheFirstToReleaseEverything() throws Exception {
        // The first close() lingers two seconds for the peer of a pipe end with a message
        // waiting (the peer went into a queue: it could still come).
        Context mp = Context.create(Map.of(Config.PIPE_LINGER, "2"));
        Path dir = mp.socketDirectory();
        Pipe pipe = mp.pipe();
        Queue<Connection> nowhere = mp.queue();
        nowhere.put(pipe.right());
        pipe.left().send("for a peer that does not come");
        CompletableFuture<Void> first = CompletableFuture.runAsync(mp::close);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!isClosed(mp) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(isClosed(mp));
        mp.close();
        assertFalse(Files.exists(dir), "the second close() returned before the first released the context");
        first.get(60, TimeUnit.SECONDS);
    }

    @Test
    void concurrentClosesAllReturnWithoutThrowing() throws Exception {
        Context mp = Context.create();
        Path dir = mp.socketDirectory();
        Queue<String> q = mp.queue();
        ChildProcess worker = mp.process(() -> {
            q.put("up");
            Thread.sleep(1500);
        }).start();
        assertEquals("up", q.get(WAIT));
        int closers = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < closers; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    mp.close();
                    // what this caller sees the moment its close() returns
                    return "alive=" + worker.isAlive() + " dir=" + Files.exists(dir);
                } catch (Throwable t) {
                    return "threw " + t;
                }
            }));
        }
        go.countDown();
        for (CompletableFuture<String> r : results) {
            assertEquals("alive=false dir=false", r.get(60, TimeUnit.SECONDS));
        }
        assertEquals(0, worker.exitCode().orElseThrow());
    }

    private static boolean isClosed(Context mp) {
        try {
            mp.queue();
            return false;
        } catch (IllegalStateException closed) {
            return true;
        }
    }

    @Test
    void sigtermDuringCloseEndsTheChildAndCloseDoesNotThrow() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CloseUnderSigtermMain.class.getName());
        pb.redirectErrorStream(true);
        Process coordinator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            Path socketDir = null;
            long childPid = -1;
            StringBuilder seen = new StringBuilder();
            String line;
            do {
                line = out.readLine();
                assertNotNull(line, "the coordinator ended before closing: " + seen);
                seen.append(line).append('\n');
                if (line.startsWith("socket-dir ")) {
                    socketDir = Path.of(line.substring("socket-dir ".length()).trim());
                } else if (line.startsWith("child-pid ")) {
                    childPid = Long.parseLong(line.substring("child-pid ".length()).trim());
                }
            } while (!line.equals("closing"));
            Thread.sleep(300); // let close() reach its join of the sleeping child
            coordinator.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
            }
            assertTrue(coordinator.waitFor(60, TimeUnit.SECONDS));
            assertTrue(seen.toString().contains("\nclosed\n"), "close() did not finish: " + seen);
            assertFalse(seen.toString().contains("threw"), seen.toString());
            assertFalse(seen.toString().contains("Exception"), seen.toString());
            ProcessHandle child = ProcessHandle.of(childPid).orElse(null);
            assertTrue(child == null || !child.isAlive(), "the child outlived its coordinator's exit");
            assertFalse(Files.exists(socketDir), "socket directory left behind: " + socketDir);
        } finally {
            coordinator.destroyForcibly();
        }
    }
}
