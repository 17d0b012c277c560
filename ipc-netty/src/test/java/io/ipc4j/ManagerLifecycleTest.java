package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A manager's process: its pid, a polite close, terminate and kill when it does not stop,
 * the context's close, objects freed when no process refers to them, and what happens when
 * the manager or its coordinator is killed.
 */
@Timeout(120)
class ManagerLifecycleTest {

    @Test
    void closeStopsTheServerProcessAndItsProxiesFailAfterwards() {
        try (Context mp = Context.create()) {
            Manager m = mp.manager();
            ProcessHandle server = ProcessHandle.of(m.pid()).orElseThrow();
            assertTrue(server.isAlive());
            assertNotEquals(ProcessHandle.current().pid(), m.pid());
            assertEquals(m.pid(), m.process().orElseThrow().pid());
            Map<String, Integer> d = m.dict();
            d.put("a", 1);
            m.close();
            assertFalse(server.isAlive());
            assertEquals(0, m.process().orElseThrow().exitCode().getAsInt(), "a polite shutdown exits with 0");
            assertThrows(ManagerLostException.class, () -> d.get("a"));
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsTerminatedThenKilled() throws Exception {
        try (Context mp = Context.create()) {
            Manager m = Manager.builder().shutdownTimeout(Duration.ofMillis(300)).start(mp);
            ProcessHandle server = ProcessHandle.of(m.pid()).orElseThrow();
            StoppedProcesses.stop(m.pid());
            long t0 = System.nanoTime();
            m.close();
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(server.isAlive());
            assertTrue(tookMillis < 5_000, "close took " + tookMillis + " ms");
        }
    }

    @Test
    void theContextsCloseStopsAManagerLeftOpen() {
        Context mp = Context.create();
        Manager m = mp.manager();
        ProcessHandle server = ProcessHandle.of(m.pid()).orElseThrow();
        mp.close();
        assertFalse(server.isAlive());
    }

    @Test
    void objectsAreFreedWhenNoProcessRefersToThemAnyMore() throws Exception {
        try (Context mp = Context.create(); Manager m = mp.manager()) {
            Namespace ns = aNamespaceAChildFilled(mp, m);
            assertEquals(List.of(1, 2), ((Map<?, ?>) ns.get("dict")).get("list"));
            awaitLiveObjects(m, 3);
            ns = null;
            awaitLiveObjects(m, 0);
        }
    }

    /** A namespace holding a dict holding a list, nested by a child that got the dict off a queue. */
    private static Namespace aNamespaceAChildFilled(Context mp, Manager m) {
        Map<String, Object> d = m.dict();
        List<Integer> l = m.list(List.of(1, 2));
        Namespace ns = m.namespace();
        Queue<Map<String, Object>> q = mp.queue();
        q.put(d);
        ChildProcess child = mp.process(() -> {
            Map<String, Object> fromQueue = q.get();
            fromQueue.put("list", l);
            ns.set("dict", fromQueue);
        }).start();
        child.join();
        assertEquals(0, child.exitCode().getAsInt());
        assertEquals(3, m.liveObjects());
        return ns;
    }

    @Test
    void theCursorOfAnIterationLeftUnfinishedGoesWithItsIterator() throws Exception {
        try (Context mp = Context.create(); Manager m = mp.manager()) {
            Map<Integer, Integer> d = m.dict();
            d.putAll(java.util.stream.IntStream.range(0, 10_000).boxed()
                    .collect(java.util.stream.Collectors.toMap(i -> i, i -> i)));
            startAnIteration(m, d);
            awaitLiveObjects(m, 1);
        }
    }

    private static void startAnIteration(Manager m, Map<Integer, Integer> d) {
        java.util.Iterator<Integer> it = d.keySet().iterator();
        it.next();
        assertTrue(it.hasNext());
        assertEquals(2, m.liveObjects(), "the dict, and the cursor over the entries not read yet");
    }

    private static void awaitLiveObjects(Manager m, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int live;
        while ((live = m.liveObjects()) != expected && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(expected, live);
    }

    @Test
    void killingTheManagerFailsEveryCallAtOnceAndTheContextGoesOn() throws Exception {
        try (Context mp = Context.create()) {
            Manager m = mp.manager();
            Map<String, Integer> d = m.dict(Map.of("k", 1));
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
            assertThrows(ManagerLostException.class, m::dict);
            // at once, not after a timeout (a call's own is far longer); loose for a loaded machine
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            m.close();

            try (Manager again = mp.manager()) {
                Map<String, Integer> d2 = again.dict();
                ChildProcess p = mp.process(() -> d2.put("child", 1)).start();
                p.join();
                assertEquals(1, d2.get("child"));
            }
        }
    }

    @Test
    void aCoordinatorKilledWithSigkillTakesItsManagerWithIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ManagerOrphanMain.class.getName());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertNotNull(line, "the coordinator ended before reporting its manager");
            } while (!line.startsWith("manager-pid "));
            ProcessHandle server = ProcessHandle.of(Long.parseLong(line.substring("manager-pid ".length()).trim()))
                    .orElseThrow();
            assertTrue(server.isAlive());
            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            while (server.isAlive() && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(10);
            }
            assertFalse(server.isAlive(), "the manager outlived its coordinator");
        } finally {
            coordinator.destroyForcibly();
        }
    }

    /** A blocking queue a test can see a taker wait on. */
    public interface TakeApi {
        void put(String s);

        String take() throws InterruptedException;

        String poll(long millis) throws InterruptedException;

        int takers();
    }

    /** A {@link TakeApi} held by the server. */
    public static final class TakeQueue implements TakeApi {
        /** The thread of the last take in this JVM (for a server run in the test's own JVM). */
        static volatile Thread lastTaker;
        private final java.util.concurrent.LinkedBlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger takers = new java.util.concurrent.atomic.AtomicInteger();

        public TakeQueue() {
        }

        @Override
        public void put(String s) {
            q.add(s);
        }

        @Override
        public String take() throws InterruptedException {
            lastTaker = Thread.currentThread();
            takers.incrementAndGet();
            try {
                return q.take();
            } finally {
                takers.decrementAndGet();
            }
        }

        @Override
        public String poll(long millis) throws InterruptedException {
            return q.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int takers() {
            return takers.get();
        }
    }

    @Test
    void aClientKilledInABlockedCallGivesBackItsCountsAndTakesNothing() throws Exception {
        try (Context mp = Context.create();
             Manager m = Manager.builder().register("TakeQueue", TakeQueue::new, TakeApi.class).start(mp)) {
            TakeApi q = m.create("TakeQueue", TakeApi.class);
            Map<String, Object> outer = m.dict();
            outer.put("inner", m.dict());
            ChildProcess child = mp.process(() -> {
                Object inner = outer.remove("inner"); // the child holds the only count of inner now
                try {
                    System.out.println("child took " + q.take() + " holding " + inner);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (q.takers() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, q.takers());
            assertEquals(3, m.liveObjects(), "the queue, outer, and inner held by the child");
            child.kill();
            child.join();
            awaitLiveObjects(m, 2);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (q.takers() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, q.takers(), "the dead client's take was interrupted");
            q.put("precious");
            assertEquals("precious", q.poll(5000));
        }
    }

    @Test
    void closingAServerInterruptsTheCallsItRuns() throws Exception {
        byte[] key = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        Manager.Server s = Manager.builder().authKey(key).register("TakeQueue", TakeQueue::new, TakeApi.class).serve();
        Manager h = Manager.connect(s.address(), key);
        TakeApi q = h.create("TakeQueue", TakeApi.class);
        CompletableFuture<Object> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (Exception e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (q.takers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread serving = TakeQueue.lastTaker;
        s.close();
        assertInstanceOf(RuntimeException.class, taken.get(10, TimeUnit.SECONDS));
        serving.join(10_000);
        assertFalse(serving.isAlive(), "the server thread of the blocked call ended");
        h.close();
    }

    /** Sums a dict it is given, iterating it in the server. */
    public interface SumApi {
        long sum(Map<String, Integer> d);
    }

    /** A {@link SumApi} held by the server. */
    public static final class Summer implements SumApi {
        public Summer() {
        }

        @Override
        public long sum(Map<String, Integer> d) {
            long s = 0;
            for (Map.Entry<String, Integer> e : d.entrySet()) {
                s += e.getValue();
            }
            return s;
        }
    }

    @Test
    void iteratingALargeDictInsideTheServerLeavesNoCursor() throws Exception {
        try (Context mp = Context.create();
             Manager m = Manager.builder().register("Summer", Summer::new, SumApi.class).start(mp)) {
            SumApi summer = m.create("Summer", SumApi.class);
            Map<String, Integer> d = m.dict(java.util.stream.IntStream.range(0, 10_000).boxed()
                    .collect(java.util.stream.Collectors.toMap(i -> "k" + i, i -> 1)));
            for (int i = 0; i < 3; i++) {
                assertEquals(10_000, summer.sum(d));
            }
            awaitLiveObjects(m, 2);
        }
    }

    @Test
    void aProcessThatMakesNoCallsClosesItsConnectionsToAManagerThatDied() throws Exception {
        try (Context mp = Context.create()) {
            Manager m = mp.manager();
            Map<String, Integer> d = m.dict();
            d.put("a", 1);
            io.ipc4j.internal.manager.ManagerClient client = io.ipc4j.internal.manager.Managers.clientOf(d);
            assertFalse(client.isClosed());
            assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(m.pid())).start().waitFor());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(client.isClosed(), "no call was made, yet the client saw its manager go");
            assertThrows(ManagerLostException.class, () -> d.put("b", 2));
            m.close();
        }
    }

    @Test
    void theSocketFileOfAKilledManagerGoesWithItsClose() throws Exception {
        try (Context mp = Context.create()) {
            Manager m = mp.manager();
            m.dict().put("a", 1);
            Path socket = m.address().path();
            assertTrue(java.nio.file.Files.exists(socket));
            assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(m.pid())).start().waitFor());
            m.close();
            assertFalse(java.nio.file.Files.exists(socket), socket.toString());
        }
    }

    @Test
    void anInterruptedCallerOfAStoppedManagerGivesUpInBoundedTime() throws Exception {
        try (Context mp = Context.create()) {
            Manager m = mp.manager();
            Map<String, Integer> d = m.dict();
            d.put("a", 1);
            long pid = m.pid();
            // not kill -STOP alone: it returns before the server's threads stop, and one may still serve this call
            StoppedProcesses.stop(pid);
            try {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread caller = new Thread(() -> {
                    try {
                        d.get("a");
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                });
                caller.start();
                Thread.sleep(300);
                caller.interrupt();
                assertInstanceOf(IpcInterruptedException.class, outcome.get(20, TimeUnit.SECONDS));
            } finally {
                StoppedProcesses.resume(pid);
            }
            // the abandoned call's late reply is nobody's: were its connection reused, this put would take it (1)
            assertNull(d.put("b", 2), "a call took the reply of the call abandoned before");
            assertEquals(1, d.get("a"), "the manager serves on after it resumed");
            m.close();
        }
    }
}
