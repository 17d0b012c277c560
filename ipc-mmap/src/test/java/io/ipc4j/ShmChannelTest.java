package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What the shm channel ({@code ipc4j.channel=shm}) does beyond the pipe suites: a dead
 * peer ends a parked reader, no wake-up is lost, messages above a ring's record limit
 * travel whole, and its segment files do not stay in {@code /dev/shm}.
 */
@Timeout(120)
class ShmChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The limit of one record of the rings: an eighth of the 256 KiB ring. */
    private static final int RECORD_LIMIT = (1 << 18) / 8;

    private static Context shm(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(more);
        all.put(Config.CHANNEL, "shm");
        return Context.create(all);
    }

    private static void readyThenSleep(Connection c) throws InterruptedException {
        c.send("ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void killingThePeerEndsAReaderParkedOnTheDoorbell() throws Exception {
        try (Context mp = shm(Map.of())) {
            for (boolean polling : new boolean[] {false, true}) {
                Pipe pipe = mp.pipe();
                ChildProcess p = mp.process(ShmChannelTest::readyThenSleep, pipe.right()).daemon(true).start();
                Connection c = pipe.left();
                assertEquals("ready", c.recv(WAIT));
                CompletableFuture<Object> parked = CompletableFuture.supplyAsync(() ->
                        polling ? c.poll(WAIT) : c.recv());
                Thread.sleep(300); // far past the spin: the reader blocks on its doorbell
                assertFalse(parked.isDone(), "nothing was sent, yet the reader returned");
                long t0 = System.nanoTime();
                p.kill();
                if (polling) {
                    assertEquals(true, parked.get(30, TimeUnit.SECONDS), "poll() sees the end of the stream");
                    assertThrows(ConnectionEOFException.class, () -> c.recv(WAIT));
                } else {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> parked.get(30, TimeUnit.SECONDS));
                    assertInstanceOf(ConnectionEOFException.class, e.getCause(), () -> "got " + e.getCause());
                }
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "the death was noticed late");
                assertTrue(p.join(WAIT));
            }
        }
    }

    static void echoWithPauses(Connection c, int rounds) {
        Random r = new Random(3);
        for (int i = 0; i < rounds; i++) {
            byte[] m = c.recvBytes();
            if (r.nextInt(4) == 0) {
                LockSupport.parkNanos(r.nextInt(50_000));
            }
            c.sendBytes(m);
        }
    }

    /**
     * With no spin, every receive that finds its ring empty parks on the doorbell: each
     * round trip races a writer's commit against the reader's going to sleep, on both sides.
     */
    @Test
    void noWakeUpIsLostWhenReadersParkBetweenManySmallRoundTrips() {
        int rounds = 20_000;
        try (Context mp = shm(Map.of(Config.SPIN_NANOS, "0"))) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(ShmChannelTest::echoWithPauses, pipe.right(), rounds).daemon(true).start();
            Connection c = pipe.left();
            Random r = new Random(5);
            byte[] m = new byte[32];
            for (int i = 0; i < rounds; i++) {
                m[0] = (byte) i;
                c.sendBytes(m);
                byte[] back = c.recvBytes(Duration.ofSeconds(10));
                assertEquals((byte) i, back[0], "round " + i);
                if (r.nextInt(4) == 0) {
                    LockSupport.parkNanos(r.nextInt(50_000));
                }
            }
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
    }

    @Test
    void messagesAboveTheRingsRecordLimitTravelWholeAndInOrder() {
        try (Context mp = shm(Map.of())) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(io.ipc4j.PipeTest::echo, pipe.right()).daemon(true).start();
            Connection c = pipe.left();
            Random r = new Random(11);
            List<Integer> sizes = List.of(RECORD_LIMIT - 1, RECORD_LIMIT, RECORD_LIMIT + 1, 3 * RECORD_LIMIT,
                    3 * RECORD_LIMIT - 4, 3 * RECORD_LIMIT + 7, 1, 5 << 20, 0);
            List<byte[]> sent = sizes.stream().map(n -> {
                byte[] b = new byte[n];
                r.nextBytes(b);
                return b;
            }).toList();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sent.forEach(c::sendBytes));
            for (byte[] b : sent) {
                assertArrayEquals(b, c.recvBytes(WAIT), "a message of " + b.length + " bytes");
            }
            sender.join();
            c.close();
            assertTrue(p.join(WAIT));
            assertEquals(0, p.exitCode().orElseThrow());
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void segmentFilesGoOnceBothEndsMappedThemAndTheDirectoryGoesWithTheContext() throws Exception {
        Path dir;
        try (Context mp = shm(Map.of())) {
            dir = ShmDirs.of(mp);
            Path pipes = dir.resolve("pipes");
            assertTrue(Files.isDirectory(pipes), "the context keeps its segments in " + pipes);
            IntValue shared = mp.intValue(1); // shared objects live in the same directory
            for (int i = 0; i < 3; i++) {
                Pipe pipe = mp.pipe();
                ChildProcess p = mp.process(io.ipc4j.PipeTest::echo, pipe.right()).daemon(true).start();
                pipe.left().sendBytes(new byte[] {4, 2});
                assertArrayEquals(new byte[] {4, 2}, pipe.left().recvBytes(WAIT));
                assertEquals(List.of(), filesIn(pipes), "segment files left while the pipe is open");
                if (i == 2) {
                    p.kill();
                } else {
                    pipe.left().close();
                }
                assertTrue(p.join(WAIT));
            }
            Pipe local = mp.pipe(); // both ends in this process
            local.left().send(7);
            assertEquals(7, local.right().recv(WAIT));
            assertEquals(List.of(), filesIn(pipes));
            assertEquals(1, shared.get());
        }
        assertFalse(Files.exists(dir), dir + " stayed after the context closed");
    }

    /** A user's coordinator, started as {@code java -cp ... Main} with no JVM flag, carries its pipes on shm. */
    @Test
    void aJvmStartedWithNoFlagCarriesPipesOverShm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShmWithoutFlagsMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("echoed hello"), out);
    }

    /** Sends numbered messages, many of them above a record's limit (in fragments), until killed. */
    static void streamUntilKilled(Connection c) {
        for (int i = 0; ; i++) {
            c.sendBytes(numbered(i));
        }
    }

    private static byte[] numbered(int i) {
        byte[] b = new byte[(i % 5 == 0 ? 3 * RECORD_LIMIT + 17 : 0) + 8 + i % 300];
        Arrays.fill(b, (byte) i);
        java.nio.ByteBuffer.wrap(b).putInt(i).putInt(b.length);
        return b;
    }

    /**
     * A writer killed with SIGKILL in the middle of its stream (most likely inside a message
     * that travels in fragments): the reader gets every message the writer finished, whole and
     * in order, and then the end of the stream, promptly, without hanging.
     */
    @Test
    void aWriterKilledMidStreamLeavesWholeMessagesThenTheEndOfTheStream() throws Exception {
        try (Context mp = shm(Map.of())) {
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process(ShmChannelTest::streamUntilKilled, pipe.right()).daemon(true).start();
            Connection c = pipe.left();
            int i = 0;
            for (; i < 2000; i++) {
                assertArrayEquals(numbered(i), c.recvBytes(WAIT), "message " + i);
            }
            p.kill();
            long t0 = System.nanoTime();
            CompletableFuture<Integer> rest = CompletableFuture.supplyAsync(() -> {
                for (int k = 2000; ; k++) {
                    byte[] b;
                    try {
                        b = c.recvBytes(WAIT);
                    } catch (ConnectionEOFException end) {
                        return k;
                    }
                    assertArrayEquals(numbered(k), b, "message " + k);
                }
            });
            int received = rest.get(60, TimeUnit.SECONDS);
            assertTrue(received >= 2000);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "the end of the stream came late");
            assertTrue(p.join(WAIT));
            assertEquals(-9, p.exitCode().orElseThrow());
        }
    }

    @Test
    void theUsualLimitOfAFrameHoldsForFragmentedMessagesToo() {
        int limit = 3 * RECORD_LIMIT;
        try (Context mp = shm(Map.of(Config.MAX_FRAME_BYTES, String.valueOf(limit)))) {
            Pipe pipe = mp.pipe();
            byte[] tooBig = new byte[limit];
            assertThrows(FrameTooLargeException.class, () -> pipe.left().sendBytes(tooBig));
            byte[] fits = Arrays.copyOf(tooBig, limit - 1);
            fits[fits.length - 1] = 9;
            pipe.left().sendBytes(fits);
            assertArrayEquals(fits, pipe.right().recvBytes(WAIT));
        }
    }
}
