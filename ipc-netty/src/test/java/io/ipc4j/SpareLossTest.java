package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A spare that dies before it has a target (killed, say) is replaced in the background:
 * {@code awaitSpares} comes back true, and the next start runs on the new spare.
 */
@Timeout(180)
class SpareLossTest {

    @Test
    void aSpareKilledWhileItWaitsIsReplaced() throws Exception {
        // no class-data archive: its builder would be a second child JVM to tell apart
        try (Context mp = Context.create(Map.of(Config.CHILD_SPARES, "1", Config.CHILD_CDS, "off"))) {
            assertTrue(mp.awaitSpares(Duration.ofSeconds(120)), "the spare did not come up");
            Set<Long> spares = childJvms();
            assertEquals(1, spares.size(), "expected one spare JVM: " + spares);
            long killed = spares.iterator().next();
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            ProcessHandle.of(killed).ifPresent(p -> p.onExit().join());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<Long> now = childJvms();
            while (!(now.size() == 1 && !now.contains(killed) && mp.awaitSpares(Duration.ofSeconds(1)))
                    && System.nanoTime() < deadline) {
                now = childJvms();
            }
            assertEquals(1, now.size(), "no spare took the place of the one killed: " + now);
            assertFalse(now.contains(killed));
            assertTrue(mp.awaitSpares(Duration.ofSeconds(1)), "the new spare is not ready");

            Queue<Long> pids = mp.queue();
            ChildProcess child = mp.process(SpareLossTest::reportPid, pids).start();
            assertEquals(now.iterator().next(), pids.get(Duration.ofSeconds(60)), "the start did not take the new spare");
            assertTrue(child.join(Duration.ofSeconds(60)));
            assertEquals(0, child.exitCode().orElse(-1));
        }
    }

    private static void reportPid(Queue<Long> pids) {
        pids.put(ProcessHandle.current().pid());
    }

    /** This JVM's live child JVMs of ipc4j. */
    private static Set<Long> childJvms() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("ChildMain")).orElse(false))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
