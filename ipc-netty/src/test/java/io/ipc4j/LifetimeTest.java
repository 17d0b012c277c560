package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** No orphans and no leftovers: what a context leaves behind when it ends, cleanly or not. */
@Timeout(120)
class LifetimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"running", "at-start"})
    void childExitsSoonAfterItsCoordinatorIsKilled(String when) throws Exception {
        // at-start: killed while the child's JVM starts, before it has dialed or set its watch on the parent
        killTheCoordinatorAndCheckTheOrphan(when, 0);
    }

    /**
     * The coordinator killed at random moments of its child's start (which takes about 100 ms
     * cold): before its JVM runs, while it dials, while its second thread warms up, after it
     * has its target. Each time the child exits and removes the socket directory.
     */
    @Test
    void childrenExitWhenTheirCoordinatorIsKilledAtRandomMomentsOfTheirStart() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 5; i++) {
            long delayMillis = random.nextInt(150);
            try {
                killTheCoordinatorAndCheckTheOrphan("at-start", delayMillis);
            } catch (AssertionError e) {
                throw new AssertionError("killed " + delayMillis + " ms after the child started (seed " + seed + ")", e);
            }
        }
    }

    private static void killTheCoordinatorAndCheckTheOrphan(String when, long delayMillis) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanCoordinatorMain.class.getName(), when);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        long childPid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            Path socketDir = null;
            do {
                line = out.readLine();
                assertNotNull(line, "the coordinator ended before reporting its child");
                if (line.startsWith("socket-dir ")) {
                    socketDir = Path.of(line.substring("socket-dir ".length()).trim());
                }
            } while (!line.startsWith("child-pid "));
            assertNotNull(socketDir);
            assertTrue(Files.isDirectory(socketDir));
            childPid = Long.parseLong(line.substring("child-pid ".length()).trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertTrue(child.isAlive());

            Thread.sleep(delayMillis);
            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            while (!exited(child) && System.nanoTime() - killedAt < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(10);
            }
            long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
            // about 1 s at most on an idle machine (its check of the coordinator runs every second);
            // the bound leaves room for a loaded one, and an orphan that missed the death runs on for a minute
            assertTrue(tookMillis < 5000, "the orphan took " + tookMillis + " ms to exit");
            assertFalse(Files.exists(socketDir), "the orphan should remove its dead coordinator's sockets");
        } finally {
            coordinator.destroyForcibly();
        }
    }

    /**
     * Whether {@code p} has exited. An orphan that exited is a zombie until the machine's init
     * reaps it, which Java counts as alive; some inits reap only every second or so (this
     * VM's took 1 to 2 s after an exit that took 20 ms).
     */
    private static boolean exited(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (java.io.IOException reaped) {
            return !p.isAlive();
        }
    }

    @Test
    void closeRemovesTheSocketDirectory() throws Exception {
        Path mine;
        try (Context mp = Context.create()) {
            mine = mp.socketDirectory();
            assertTrue(Files.isDirectory(mine));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection c) -> c.send("x"), pipe.right()).start();
            assertEquals("x", pipe.left().recv(java.time.Duration.ofSeconds(60)));
            p.join();
        }
        assertFalse(Files.exists(mine), "socket directory left behind: " + mine);
    }
}
