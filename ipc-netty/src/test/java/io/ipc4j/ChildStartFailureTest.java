package io.ipc4j;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child that cannot load its bootstrap or its target fails loudly: {@code start()} throws
 * naming the class and the class path when that can be told beforehand, and otherwise the
 * child exits at once, saying why in its output and in the coordinator's log.
 */
@Timeout(120)
class ChildStartFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TARGET = "demo.Target";
    private static final String CONSUMER = "demo.Consumer";
    private static final String TWICE = "demo.Twice";
    private static final String PAYLOAD = "demo.Payload";

    @TempDir
    static Path work;
    private static IsolatedClasses isolated;

    @BeforeAll
    static void compileClassesOnNoChildsClassPath() throws Exception {
        isolated = IsolatedClasses.compile(work, Map.of(
                TARGET, """
                        package demo;
                        public class Target implements io.ipc4j.SerializableRunnable {
                            private final io.ipc4j.Queue<Long> out;
                            public Target(io.ipc4j.Queue<Long> out) { this.out = out; }
                            public void run() { out.put(ProcessHandle.current().pid()); }
                        }
                        """,
                CONSUMER, """
                        package demo;
                        public class Consumer implements io.ipc4j.SerializableConsumer<io.ipc4j.Queue<Long>> {
                            public void accept(io.ipc4j.Queue<Long> out) { out.put(1L); }
                        }
                        """,
                TWICE, """
                        package demo;
                        public class Twice implements io.ipc4j.SerializableFunction<Integer, Integer> {
                            public Integer apply(Integer x) { return 2 * x; }
                        }
                        """,
                PAYLOAD, """
                        package demo;
                        public class Payload implements java.io.Serializable {
                            public String toString() { return "payload"; }
                        }
                        """));
    }

    @AfterAll
    static void closeLoader() throws Exception {
        isolated.close();
    }

    private static Object instance(String className, Object... args) throws Exception {
        Class<?>[] types = args.length == 0 ? new Class<?>[0] : new Class<?>[] {Queue.class};
        return isolated.newInstance(className, types, args);
    }

    /** The child processes of this JVM now running: those a test's context started. */
    private static Set<Long> childJvms() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void aTargetWhoseClassTheChildWouldNotFindFailsAtStartAndStartsNothing() throws Exception {
        String childClassPath = System.getProperty("java.class.path");
        try (Context mp = Context.create(Map.of(Config.CHILD_CLASSPATH, childClassPath))) {
            Queue<Long> q = mp.queue();
            Set<Long> before = childJvms();
            ChildProcess p = mp.process((SerializableRunnable) instance(TARGET, q)).name("lost");
            ProcessStartException e = assertThrows(ProcessStartException.class, p::start);
            String m = e.getMessage();
            assertTrue(m.contains("process lost") && m.contains("class " + TARGET), m);
            assertTrue(m.contains(work.resolve("classes").toString()), "where it was loaded from: " + m);
            assertTrue(m.contains(Config.CHILD_CLASSPATH), m);
            for (String entry : childClassPath.split(java.io.File.pathSeparator)) {
                // in the order the child gets them (directories last, when the archive setting says so)
                assertTrue(m.contains(entry), "the class path entry " + entry + " is not named: " + m);
            }
            assertEquals(before, childJvms(), "no JVM was started");
            assertTrue(mp.activeChildren().isEmpty());
            assertThrows(IllegalStateException.class, p::pid, "the process was not started");

            @SuppressWarnings("unchecked")
            SerializableConsumer<Queue<Long>> consumer = (SerializableConsumer<Queue<Long>>) instance(CONSUMER);
            ProcessStartException byConsumer = assertThrows(ProcessStartException.class,
                    () -> mp.process(consumer, q).start());
            assertTrue(byConsumer.getMessage().contains("class " + CONSUMER), byConsumer.getMessage());

            ChildProcess fine = mp.process(() -> q.put(7L)).start();
            assertEquals(7L, q.get(WAIT), "the context still starts children");
            assertTrue(fine.join(WAIT));
        }
    }

    @Test
    void aChildWithoutIpc4jOnItsClassPathFailsAtStart() {
        try (Context mp = Context.create(Map.of(Config.CHILD_CLASSPATH, "/nonexistent-ipc4j-classes"))) {
            Set<Long> before = childJvms();
            ProcessStartException e = assertThrows(ProcessStartException.class, () -> mp.process(() -> { }).start());
            String m = e.getMessage();
            assertTrue(m.contains("io.ipc4j.internal.process.ChildMain"), m);
            assertTrue(m.contains("/nonexistent-ipc4j-classes") && m.contains(Config.CHILD_CLASSPATH), m);
            assertEquals(before, childJvms(), "no JVM was started");
        }
    }

    @Test
    void aSpareThatCannotLoadTheTargetIsPassedOverForAColdChild() throws Exception {
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "1"))) {
            assertTrue(mp.awaitSpares(WAIT));
            Set<Long> spares = childJvms();
            assertEquals(1, spares.size(), "the spare: " + spares);
            Queue<Long> q = mp.queue();

            ChildProcess cold = mp.process((SerializableRunnable) instance(TARGET, q)).start();
            assertEquals(cold.pid(), q.get(WAIT), "the target ran");
            assertTrue(cold.join(WAIT));
            assertEquals(0, cold.exitCode().orElseThrow());
            assertFalse(spares.contains(cold.pid()), "the spare's class path lacks the target's class");
            assertTrue(childJvms().containsAll(spares), "the spare is still there");

            ChildProcess warm = mp.process(() -> q.put(ProcessHandle.current().pid())).start();
            assertEquals(warm.pid(), q.get(WAIT));
            assertTrue(spares.contains(warm.pid()), "a target the spare can load goes to the spare");
            assertTrue(warm.join(WAIT));
        }
    }

    @Test
    void aPoolWhoseWorkersCannotLoadIpc4jFailsAtPool() {
        try (Context mp = Context.create(Map.of(Config.CHILD_CLASSPATH, "/nonexistent-ipc4j-classes"))) {
            Set<Long> before = childJvms();
            ProcessStartException e = assertThrows(ProcessStartException.class, () -> mp.pool(1));
            String m = e.getMessage();
            assertTrue(m.contains("pool's workers") && m.contains("io.ipc4j.internal.process.ChildMain"), m);
            assertTrue(m.contains("/nonexistent-ipc4j-classes"), m);
            assertEquals(before, childJvms(), "no worker was started");
        }
    }

    @Test
    void aPoolInitializerTheWorkersCannotLoadFailsAtBuild() throws Exception {
        try (Context mp = Context.create()) {
            SerializableRunnable initializer = (SerializableRunnable) instance(TARGET, mp.<Long>queue());
            Set<Long> before = childJvms();
            ProcessStartException e = assertThrows(ProcessStartException.class,
                    () -> mp.poolBuilder().processes(1).initializer(initializer).build());
            assertTrue(e.getMessage().contains("pool's workers") && e.getMessage().contains("class " + TARGET),
                    e.getMessage());
            assertEquals(before, childJvms(), "no worker was started");
        }
    }

    @Test
    void aPoolFunctionTheWorkersCannotLoadFailsTheCallThatGaveIt() throws Exception {
        try (Context mp = Context.create()) {
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Integer> twice = (SerializableFunction<Integer, Integer>) instance(TWICE);
            try (Pool pool = mp.pool(1)) {
                SerializationException e = assertThrows(SerializationException.class,
                        () -> pool.map(twice, List.of(1, 2, 3)));
                String m = e.getMessage();
                assertTrue(m.contains("pool's workers") && m.contains("class " + TWICE), m);
                assertTrue(m.contains(work.resolve("classes").toString()), m);
                assertTrue(m.contains(Config.CHILD_CLASSPATH), m);
                assertEquals(List.of(2, 4, 6), pool.map(x -> 2 * x, List.of(1, 2, 3)), "the pool goes on");
            }
        }
    }

    @Test
    void aChildThatCannotLoadAClassItsTargetHoldsEndsAtOnceAndSaysWhy() throws Exception {
        Object payload = instance(PAYLOAD);
        String printed = capturingStderr(() -> {
            try (Context mp = Context.create()) {
                ChildProcess p = mp.process(holding(payload)).name("holder").start();
                assertTrue(p.join(Duration.ofSeconds(30)), "join returns once the child gave up");
                assertEquals(1, p.exitCode().orElseThrow());
            }
        });
        String line = "Process holder: cannot load its target: class " + PAYLOAD + " not found on the class path ";
        assertTrue(printed.contains(line), "the child's output: " + printed);
        assertTrue(printed.contains("WARN io.ipc4j.internal.server.ControlServer - " + line),
                "the coordinator's log: " + printed);
    }

    @Test
    void theReasonIsLoggedWhenChildOutputGoesElsewhere() throws Exception {
        Object payload = instance(PAYLOAD);
        String logged = capturingStderr(() -> {
            try (Context mp = Context.create(Map.of(Config.CHILD_OUTPUT, "inherit"))) {
                ChildProcess p = mp.process(holding(payload)).name("quiet").start();
                assertTrue(p.join(Duration.ofSeconds(30)));
                assertEquals(1, p.exitCode().orElseThrow());
            }
        });
        assertTrue(logged.contains("WARN io.ipc4j.internal.server.ControlServer - Process quiet: cannot load its "
                + "target: class " + PAYLOAD + " not found on the class path "), logged);
    }

    /** A target whose own class the child finds, but not the class of what it holds. */
    private static SerializableRunnable holding(Object payload) {
        Serializable held = (Serializable) payload;
        return () -> System.out.println(held);
    }

    private interface Body {
        void run() throws Exception;
    }

    /** What is written to System.err (child output that is piped, and the log) while {@code body} runs. */
    private static String capturingStderr(Body body) throws Exception {
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(realErr);
        }
        String s = err.toString(StandardCharsets.UTF_8);
        realErr.print(s);
        return s;
    }
}
