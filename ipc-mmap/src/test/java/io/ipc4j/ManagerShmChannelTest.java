package io.ipc4j;

import io.ipc4j.ManagerLifecycleTest.TakeApi;
import io.ipc4j.ManagerLifecycleTest.TakeQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The managers of a context on {@code ipc4j.channel=shm} serve their clients over the shm
 * channel: each connection gets a segment, made in the directory beside the manager's socket
 * and deleted once mapped; a killed manager or client is still noticed at once, and nothing
 * stays behind.
 */
@Timeout(120)
class ManagerShmChannelTest {
    private static final Map<String, String> SHM = Map.of(Config.CHANNEL, "shm");

    private static Path segmentsDirOf(Context mp) throws IOException {
        try (Stream<Path> files = Files.list(mp.socketDirectory())) {
            List<Path> dirs = files.filter(f -> f.getFileName().toString().endsWith(".segments")).toList();
            assertEquals(1, dirs.size(), () -> "one manager's segment directory in " + mp.socketDirectory() + ": " + dirs);
            return dirs.get(0);
        }
    }

    /** The names of the files made in {@code dir} while {@code work} ran. */
    private static List<String> filesMadeIn(Path dir, Runnable work) throws Exception {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            work.run();
            List<String> made = new ArrayList<>();
            WatchKey key = watch.poll(5, TimeUnit.SECONDS);
            while (key != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    made.add(String.valueOf(e.context()));
                }
                key.reset();
                key = watch.poll(200, TimeUnit.MILLISECONDS);
            }
            return made;
        }
    }

    private static void runChild(Context mp, SerializableRunnable target) {
        ChildProcess p = mp.process(target).start();
        assertTrue(p.join(java.time.Duration.ofSeconds(60)));
        assertEquals(0, p.exitCode().orElseThrow());
    }

    private static void assertEmpty(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "a segment file stayed after both ends mapped it");
        }
    }

    @Test
    void aChildsConnectionToAManagerIsMadeOnASegmentBesideItsSocket() throws Exception {
        Path socketDir;
        try (Context mp = Context.create(SHM); Manager m = mp.manager()) {
            socketDir = mp.socketDirectory();
            Map<String, Integer> d = m.dict();
            assertTrue(m.toString().contains("shm:"), m::toString);
            Path segments = segmentsDirOf(mp);
            List<String> made = filesMadeIn(segments, () -> runChild(mp, () -> d.put("child", 1)));
            assertEquals(1, d.get("child"));
            assertFalse(made.isEmpty(), "the child's connection made no segment");
            assertTrue(made.stream().allMatch(f -> f.startsWith("pipe-")), made::toString);
            assertEmpty(segments);
            m.close();
            assertFalse(Files.exists(segments), "the closed manager left its segment directory");
        }
        assertFalse(Files.exists(socketDir));
    }

    @Test
    void theManagerOfSharedObjectsServesOverSharedMemoryToo() throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHANNEL, "shm", Config.SHARED, "manager"))) {
            IntValue v = mp.intValue(0);
            Lock lock = mp.lock();
            Path segments = segmentsDirOf(mp);
            List<String> made = filesMadeIn(segments, () -> runChild(mp, () -> {
                lock.acquire();
                try {
                    v.set(v.get() + 41);
                } finally {
                    lock.release();
                }
            }));
            assertEquals(41, v.get());
            assertFalse(made.isEmpty(), "the child's connection made no segment");
            assertEmpty(segments);
        }
    }

    @Test
    void killingTheManagerFailsEveryCallAtOnceAndLeavesNothingBehind() throws Exception {
        try (Context mp = Context.create(SHM)) {
            Manager m = mp.manager();
            Map<String, Integer> d = m.dict(Map.of("k", 1));
            Path segments = segmentsDirOf(mp);
            CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() ->
                    d.compute("k", (BiFunction<String, Integer, Integer> & Serializable) (k, v) -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return v + 1;
                    }));
            Thread.sleep(500);
            assertFalse(blocked.isDone());
            assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(m.pid())).start().waitFor());
            ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
            assertInstanceOf(ManagerLostException.class, e.getCause());
            long t0 = System.nanoTime();
            assertThrows(ManagerLostException.class, () -> d.put("x", 2));
            // at once, not after a timeout (a call's own is far longer); loose for a loaded machine
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            m.close();
            assertFalse(Files.exists(segments), "the killed manager's segment directory stayed");
            try (Stream<Path> left = Files.list(mp.socketDirectory())) {
                assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("manager-")));
            }
        }
    }

    @Test
    void aClientKilledInABlockedCallIsNoticedAndItsTakeInterrupted() throws Exception {
        try (Context mp = Context.create(SHM);
             Manager m = Manager.builder().register("TakeQueue", TakeQueue::new, TakeApi.class).start(mp)) {
            TakeApi q = m.create("TakeQueue", TakeApi.class);
            ChildProcess child = mp.process(() -> {
                try {
                    System.out.println("child took " + q.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (q.takers() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, q.takers());
            child.kill();
            child.join();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (q.takers() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, q.takers(), "the dead client's take was interrupted");
            q.put("precious");
            assertEquals("precious", q.poll(5000));
            assertEmpty(segmentsDirOf(mp));
        }
    }
}
