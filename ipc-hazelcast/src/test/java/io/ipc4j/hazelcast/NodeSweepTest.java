package io.ipc4j.hazelcast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node starting on a host deletes the children's socket directories of nodes killed there before. */
class NodeSweepTest {
    @TempDir
    Path temp;

    @Test
    @Timeout(60)
    void aStartingNodeDeletesTheSocketDirectoriesOfDeadNodesAndKeepsThoseOfLiveOnes() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(temp.resolve("ipc4j-node-" + gone.pid() + "-123"));
        Files.writeString(dead.resolve("leftover"), "x");
        Path live = Files.createDirectories(temp.resolve("ipc4j-node-" + ProcessHandle.current().pid() + "-456"));
        Path notOurs = Files.createDirectories(temp.resolve("ipc4j-node-mine"));
        Path key = temp.resolve("key");
        Files.writeString(key, "a-key-for-the-sweep-test-0123456789");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-jar", Path.of("target", "ipc4j-node.jar").toString(),
                "--bind", "127.0.0.1:" + port, "--join", "127.0.0.1:" + port, "--authkey-file", key.toString(),
                "--cache-dir", temp.resolve("cache").toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.contains("ipc4j node ready")) {
                seen.append(line).append('\n');
            }
            assertNotNull(line, "the node never became ready:\n" + seen);
            assertFalse(Files.exists(dead), "the directory of a dead node stays");
            assertTrue(Files.isDirectory(live), "the directory of a live node was deleted");
            assertTrue(Files.isDirectory(notOurs), "a directory not named by a node was deleted");
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
