package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** No orphans and no leftovers: what a context leaves behind when it ends, cleanly or not. */
@Timeout(120)
class LifetimeTest {

    @Test
    void childExitsWithinTwoSecondsWhenItsCoordinatorIsKilled() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanCoordinatorMain.class.getName());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        long childPid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertNotNull(line, "the coordinator ended before reporting its child");
            } while (!line.startsWith("child-pid "));
            childPid = Long.parseLong(line.substring("child-pid ".length()).trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertTrue(child.isAlive());

            coordinator.destroyForcibly();
            assertTrue(coordinator.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            while (child.isAlive() && System.nanoTime() - killedAt < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(10);
            }
            long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertTrue(tookMillis < 2000, "the orphan took " + tookMillis + " ms to exit");
        } finally {
            coordinator.destroyForcibly();
        }
    }

    @Test
    void closeRemovesTheSocketDirectory() throws IOException {
        Set<Path> before = socketDirs();
        Path mine;
        try (Context mp = Context.create()) {
            Set<Path> during = socketDirs();
            during.removeAll(before);
            assertEquals(1, during.size(), "expected exactly one new socket directory: " + during);
            mine = during.iterator().next();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
            Pipe pipe = mp.pipe();
            ChildProcess p = mp.process((Connection c) -> c.send("x"), pipe.right()).start();
            assertEquals("x", pipe.left().recv(java.time.Duration.ofSeconds(60)));
            p.join();
        }
        assertFalse(Files.exists(mine), "socket directory left behind: " + mine);
    }

    private static Set<Path> socketDirs() throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (String base : new String[] {System.getProperty("java.io.tmpdir"), "/tmp"}) {
            try (Stream<Path> s = Files.list(Path.of(base))) {
                s.filter(p -> p.getFileName().toString().startsWith("ipc4j-")).forEach(dirs::add);
            }
        }
        return dirs;
    }
}
