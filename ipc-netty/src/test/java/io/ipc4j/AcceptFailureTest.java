package io.ipc4j;

import io.ipc4j.netty.SilentPeers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A coordinator out of file descriptors ({@code EMFILE} on accept): its event loop must
 * not spin on the connections it cannot take, and it serves children again once
 * descriptors are free.
 */
@Timeout(120)
class AcceptFailureTest {
    private static final int HEADROOM = 40;

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void acceptFailingWithTooManyOpenFilesDoesNotSpinAndTheCoordinatorRecovers(String channel) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FdStarvedCoordinatorMain.class.getName(), channel);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process coordinator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(coordinator.getOutputStream(), StandardCharsets.UTF_8)) {
            String line = out.readLine();
            assertNotNull(line, "the coordinator ended before reporting its address");
            String address = line.substring("address ".length()).trim();
            long pid = coordinator.pid();
            int limit = openFiles(pid) + HEADROOM;
            run("prlimit", "--pid", String.valueOf(pid), "--nofile=" + limit + ":" + limit);
            try (SilentPeers silent = SilentPeers.open(address, 3 * HEADROOM)) {
                // the coordinator takes what it can; the rest wait in its backlog
                long filled = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (openFiles(pid) < limit - 5 && System.nanoTime() < filled) {
                    Thread.sleep(50);
                }
                assertTrue(openFiles(pid) >= limit - 5, "the coordinator ran out of descriptors: "
                        + openFiles(pid) + " open, limit " + limit);
                long before = ioThreadsCpuMillis(pid);
                long t0 = System.nanoTime();
                Thread.sleep(3000);
                long used = ioThreadsCpuMillis(pid) - before;
                long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                // a loop that spins takes whatever CPU it gets (a core when the machine is idle); one that waits, next to none
                assertTrue(used < 100, "the coordinator's I/O threads used " + used + " ms of CPU in " + wall
                        + " ms while it could not accept: its accept loop spins");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // The coordinator notices the closed connections and gives their descriptors back; over TCP,
            // connections closed while still in the backlog are accepted (and closed) once the pause ends,
            // so the count must stay low across more than one pause before a child is started.
            int settled = 0;
            while (settled < 2 && System.nanoTime() < deadline) {
                Thread.sleep(settled == 0 ? 50 : 1500);
                settled = openFiles(pid) <= limit - HEADROOM / 2 ? settled + 1 : 0;
            }
            in.write("start\n");
            in.flush();
            assertEquals("child-put 42", out.readLine(), "a child is served once descriptors are free again");
            in.write("exit\n");
            in.flush();
            assertTrue(coordinator.waitFor(60, TimeUnit.SECONDS));
        } finally {
            coordinator.destroyForcibly();
        }
    }

    private static int openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        }
    }

    /** CPU time of the threads named {@code ipc4j-io…} (Netty's event loops) of process {@code pid}. */
    private static long ioThreadsCpuMillis(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("ipc4j-io")) {
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                }
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }
}
