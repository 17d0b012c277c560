package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A context whose children get Chronicle's JVM options, and Chronicle queues under /dev/shm that it deletes. */
final class ChronicleFixture implements AutoCloseable {
    final Context mp;
    final ChronicleQueues queues;
    final Path root;

    ChronicleFixture() {
        this(Map.of());
    }

    ChronicleFixture(Map<String, String> queueSettings) {
        root = freshRoot();
        queues = new ChronicleQueues(root, queueSettings);
        mp = Context.create(contextSettings());
    }

    static Map<String, String> contextSettings() {
        Map<String, String> s = new HashMap<>();
        s.put(Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC -Xshare:auto " + String.join(" ", ChronicleJvmFlags.required()));
        return s;
    }

    static Path freshRoot() {
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return Files.createTempDirectory(base, "ipc4j-chronicle-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the children still running (a test that failed or timed out leaves some, and the
     * context's close waits for every non-daemon child), then closes the context and deletes the queues.
     */
    @Override
    public void close() {
        try {
            for (ChildProcess c : mp.activeChildren()) {
                c.kill();
                c.join(Duration.ofSeconds(30));
            }
            mp.close();
        } finally {
            queues.close();
        }
    }
}
