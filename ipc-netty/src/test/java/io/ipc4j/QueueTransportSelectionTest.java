package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ipc4j.queue} chooses the queue transport, among those {@code ServiceLoader} finds. */
@Timeout(120)
class QueueTransportSelectionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    static String contextId(Context mp) {
        Matcher m = Pattern.compile("Context\\[([0-9a-f]+),").matcher(mp.toString());
        assertTrue(m.find(), "no context id in " + mp);
        return m.group(1);
    }

    @Test
    void anUnknownTransportFailsCreateNamingTheSettingTheValueAndTheTransportsFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.create(Map.of(Config.QUEUE, "carrier-pigeon")));
        String message = e.getMessage();
        assertTrue(message.contains(Config.QUEUE) && message.contains("'carrier-pigeon'"), message);
        assertTrue(message.contains("broker") && message.contains("recording"), message);
    }

    @Test
    void theSettingChoosesTheTransportOfEveryQueueAndCloseFreesIt() {
        String id;
        try (Context mp = Context.create(Map.of(Config.QUEUE, "recording"))) {
            id = contextId(mp);
            assertTrue(Files.isDirectory(RecordingQueueTransport.directory(id)), "the transport was not opened");
            Queue<Integer> q = mp.queue(-3);
            JoinableQueue<String> jq = mp.joinableQueue(2);
            assertEquals(2, RecordingQueueTransport.MADE.get(id).get(), "queues made elsewhere");
            assertEquals(0, q.maxsize(), "a negative maxsize reaches the transport as unbounded");
            assertEquals(2, jq.maxsize());
            assertEquals(2, mp.liveQueues());
            ChildProcess child = mp.process((Queue<Integer> out, JoinableQueue<String> in) -> {
                out.put(41 + in.get().length());
                in.taskDone();
            }, q, jq).start();
            jq.put("x");
            assertEquals(42, q.get(WAIT));
            assertTrue(jq.join(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        assertFalse(Files.exists(RecordingQueueTransport.directory(id)), "closing the context left the queues open");
        try (Context mp = Context.create()) {
            mp.queue();
            assertNull(RecordingQueueTransport.MADE.get(contextId(mp)), "the default transport is the broker, not this one");
        }
    }

    @Test
    void everyChildGetsTheJvmOptionsOfTheTransportsOnTheClassPath() {
        // The default context: the options reach children whichever transport the context chose.
        try (Context mp = Context.create()) {
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Queue<String> out) ->
                    out.put(String.valueOf(System.getProperty("ipc4j.test.recording.feature"))), q).start();
            assertEquals(String.valueOf(Runtime.version().feature()), q.get(WAIT));
            assertTrue(child.join(WAIT));
        }
    }

    /** A coordinator on the recording transport: prints its queue directory and a child's pid, then waits to be killed. */
    public static final class KilledCoordinator {
        public static void main(String[] args) throws Exception {
            Context mp = Context.create(Map.of(Config.QUEUE, "recording"));
            Queue<String> ready = mp.queue();
            ChildProcess child = mp.process(() -> {
                ready.put("up");
                Thread.sleep(60_000);
            }).start();
            ready.get(WAIT);
            System.out.println("queue-dir " + RecordingQueueTransport.directory(contextId(mp)));
            System.out.println("child-pid " + child.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void orphanedChildrenLetTheQueueTransportFreeWhatAKilledCoordinatorLeft() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledCoordinator.class.getName());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertNotNull(line, "the coordinator ended before reporting its queue directory");
            assertTrue(line.startsWith("queue-dir "), line);
            Path dir = Path.of(line.substring("queue-dir ".length()).trim());
            assertTrue(Files.isDirectory(dir));
            line = out.readLine();
            assertNotNull(line);
            ProcessHandle child = ProcessHandle.of(Long.parseLong(line.substring("child-pid ".length()).trim()))
                    .orElseThrow();
            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));
            assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(dir) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(dir), dir + " outlived its killed coordinator");
        } finally {
            coordinator.destroyForcibly();
        }
    }
}
