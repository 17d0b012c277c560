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

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child reads the pipe end its target holds without generating a class for it: an object
 * with no constructor without arguments is made through a generated serialization
 * constructor, one class per type, which took several ms of a pool worker's start. The only
 * one a child generates is its codec warm-up's own (its probe object has no such
 * constructor on purpose). Seen in the class-loading log of the child JVM.
 */
@Timeout(120)
class ChildReadsPipeEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GENERATED = "GeneratedSerializationConstructorAccessor";

    @Test
    void aChildReadsAPipeEndWithoutGeneratingAClassForIt(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("classes.log");
        try (Context mp = Context.create(Map.of(Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log))) {
            Pipe pipe = mp.pipe();
            ChildProcess child = mp.process((Connection end) -> end.send("from the child"), pipe.right()).start();
            assertEquals("from the child", pipe.left().recv());
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("io.ipc4j.internal.pipe.PipeEnd ")),
                "the log is not that of the child that read the pipe end");
        List<String> generated = lines.stream().filter(l -> l.contains(GENERATED)).collect(Collectors.toList());
        assertTrue(generated.size() <= 1, "the child generated serialization constructors: " + generated);
    }
}
