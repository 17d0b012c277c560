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
 * A child reads what its target holds without generating a class for it: an object with no
 * constructor without arguments was made through a serialization constructor generated for
 * its type (Objenesis's standard strategy), several ms each in a child still cold, the pipe
 * end of a pool worker's target among them. Seen in the class-loading log of the child JVM.
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

    /** Has no constructor without arguments, as many of a user's classes. */
    static final class Reading implements java.io.Serializable {
        final String text;

        Reading(String text) {
            this.text = text;
        }
    }

    @Test
    void aChildReadsObjectsWithNoConstructorWithoutArgumentsAndGeneratesNoClass(@TempDir Path tmp)
            throws Exception {
        Path log = tmp.resolve("classes.log");
        try (Context mp = Context.create(Map.of(Config.CHILD_JVM_ARGS,
                "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log))) {
            Queue<String> q = mp.queue();
            Reading reading = new Reading("read");
            ChildProcess child = mp.process((Queue<String> out, Reading r) -> out.put(r.text + " " + r.getClass()
                    .getSimpleName()), q, reading).start();
            assertEquals("read Reading", q.get(WAIT));
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("ChildReadsPipeEndTest$Reading ")),
                "the log is not that of the child that read the object");
        List<String> generated = lines.stream().filter(l -> l.contains(GENERATED)).collect(Collectors.toList());
        assertEquals(List.of(), generated, "the child generated serialization constructors");
    }
}
