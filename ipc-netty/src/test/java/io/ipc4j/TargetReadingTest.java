package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child reads a target given with arguments, and a pool worker its own target, without
 * reflecting on {@code Context}: a lambda is read through the class that made it, and
 * reflecting on {@code Context} loads every type its methods name, several milliseconds of a
 * spare's hand-off. Seen in the class-loading logs of the child JVMs.
 */
@Timeout(120)
class TargetReadingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Types only {@code Context}'s method signatures name; nothing a child runs here uses them. */
    private static final List<String> CONTEXT_SIGNATURE_TYPES = List.of("io.ipc4j.Barrier ", "io.ipc4j.IntValue ",
            "io.ipc4j.DoubleArray ", "io.ipc4j.internal.manager.ManagerSpec ");

    @Test
    void childrenReadTheirTargetsWithoutLoadingTheTypesOfTheContextsMethods(@TempDir Path tmp) throws Exception {
        // no archive builder or spare, whose JVMs would log too (the builder loads every API type)
        try (Context mp = Context.create(Map.of(Config.CHILD_CDS, "off", Config.CHILD_SPARES, "0", Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Xlog:class+load=info:file=" + tmp.resolve("child-%p.log")))) {
            Queue<String> q = mp.queue();
            ChildProcess child = mp.process((Queue<String> out, String s) -> out.put(s + "!"), q, "bound").start();
            assertEquals("bound!", q.get(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
            try (Pool pool = mp.pool(1)) {
                assertEquals(49, (int) pool.apply(() -> 7 * 7));
            }
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(tmp)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("child-")).collect(Collectors.toList());
        }
        assertEquals(2, logs.size(), "expected the logs of the child and the pool worker: " + logs);
        boolean sawWorker = false;
        for (Path log : logs) {
            String loaded = Files.readString(log);
            assertTrue(loaded.contains("io.ipc4j.internal.process.ChildMain "), "not a child's log: " + log);
            sawWorker |= loaded.contains("io.ipc4j.internal.pool.PoolWorker ");
            for (String type : CONTEXT_SIGNATURE_TYPES) {
                assertFalse(loaded.contains(type), log.getFileName() + " loaded " + type.trim());
            }
        }
        assertTrue(sawWorker, "no log is the pool worker's");
    }
}
