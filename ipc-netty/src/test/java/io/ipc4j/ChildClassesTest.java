package io.ipc4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child reaches its coordinator, and uses a queue and a pipe, without loading a Netty
 * class or JCE, nor SLF4J when it logs nothing: Netty's classes, native library and event
 * loops, JCE's start-up for the handshake's HMAC, and SLF4J's look through the jars for its
 * providers were a good part of every child's start. The child's JVM logs each class it
 * loads, and the log is read here.
 */
@Timeout(120)
class ChildClassesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"uds", "tcp"})
    void aChildThatTalksToItsCoordinatorAndThroughAPipeLoadsNoNettyJceOrSlf4jClass(String channel, @TempDir Path tmp)
            throws Exception {
        Path log = tmp.resolve("classes.log");
        Map<String, String> settings = Map.of(Config.CHANNEL, channel,
                Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC -Xlog:class+load=info:file=" + log);
        try (Context mp = Context.create(settings)) {
            Queue<String> q = mp.queue();
            Pipe pipe = mp.pipe();
            ChildProcess child = mp.process((Queue<String> out, Connection end) -> {
                out.put("from the child");
                end.send(end.recv());
            }, q, pipe.right()).start();
            pipe.left().send("echo");
            assertEquals("from the child", q.get(WAIT));
            assertEquals("echo", pipe.left().recv());
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().orElseThrow());
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(l -> l.contains("io.ipc4j.internal.process.ChildMain")),
                "the log is not the child's");
        List<String> netty = lines.stream().filter(l -> l.contains(" io.netty.")).limit(5)
                .collect(Collectors.toList());
        assertEquals(List.of(), netty, "the child loaded Netty classes");
        List<String> jce = lines.stream().filter(l -> l.contains(" javax.crypto.")).limit(5)
                .collect(Collectors.toList());
        assertEquals(List.of(), jce, "the child's handshake loaded JCE (javax.crypto)");
        // SLF4J's start looks through every jar for its providers: a child that logs nothing skips it
        List<String> slf4j = lines.stream().filter(l -> l.contains(" org.slf4j.")).limit(5)
                .collect(Collectors.toList());
        int first = slf4j.isEmpty() ? 0 : lines.indexOf(slf4j.get(0));
        assertEquals(List.of(), slf4j, "the child started SLF4J, though it logged nothing, after "
                + lines.subList(Math.max(0, first - 6), first));
    }
}
