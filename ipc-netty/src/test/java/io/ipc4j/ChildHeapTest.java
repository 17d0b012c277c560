package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child's heap starts small (the default {@code ipc4j.child.jvmArgs}) and still grows to
 * what its work needs.
 */
@Timeout(120)
class ChildHeapTest {
    private static final long MIB = 1 << 20;

    @Test
    void aChildsHeapStartsAt64MibAndGrowsBeyondIt() {
        try (Context mp = Context.create(); Pool pool = mp.pool(1)) {
            // The JVM's own initial heap is a 64th of the RAM (384 MiB here): a pool worker's young
            // generation, a third of it, then faults in 100 MiB of fresh pages the first time a map
            // fills it, which was about a third of a worker's CPU in a pool's first map of 10M items
            long initial = pool.apply(() -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit());
            assertTrue(initial <= 64 * MIB, "a child's initial heap is " + initial / MIB + " MiB");
            long held = pool.apply(ChildHeapTest::holdAndMeasure);
            assertTrue(held > 200 * MIB, "the heap grew to " + held / MIB + " MiB only");
        }
    }

    /** Holds 200 MiB of live arrays and returns the heap's size then. */
    static long holdAndMeasure() {
        byte[][] live = new byte[200][];
        for (int i = 0; i < live.length; i++) {
            live[i] = new byte[(int) MIB];
        }
        long committed = Runtime.getRuntime().totalMemory();
        java.lang.ref.Reference.reachabilityFence(live);
        return committed;
    }

    @Test
    void jvmArgsGivenReplaceTheDefault() {
        try (Context mp = Context.create(Map.of(Config.CHILD_JVM_ARGS, "-XX:+UseSerialGC -Xms96m"));
             Pool pool = mp.pool(1)) {
            long initial = pool.apply(() -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit());
            assertEquals(96 * MIB, initial);
        }
    }

    /**
     * A heap limit below the default's first heap, set where every {@code java} reads options
     * ({@code JAVA_TOOL_OPTIONS}), would keep children from starting: the default leaves its
     * first heap out then.
     */
    @Test
    void aHeapLimitInTheEnvironmentBelowTheFirstHeapStillLetsChildrenStart() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SmallHeapCoordinatorMain.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xmx48m");
        pb.environment().put("IPC4J_CHILD_SPARES", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("child heap limit " + 48 * MIB), out);
    }

    /** A coordinator whose children see {@code JAVA_TOOL_OPTIONS=-Xmx48m}: prints a child's heap limit. */
    static final class SmallHeapCoordinatorMain {
        public static void main(String[] args) {
            try (Context mp = Context.create(); Pool pool = mp.pool(1)) {
                long max = pool.apply(() -> Runtime.getRuntime().maxMemory());
                // the Serial collector reports its maximum less one survivor space
                System.out.println("child heap limit " + (max > 44 * MIB && max <= 48 * MIB ? 48 * MIB : max));
            }
        }
    }
}
