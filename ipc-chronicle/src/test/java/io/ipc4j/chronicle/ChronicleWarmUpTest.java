package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Spare children of a context on Chronicle queues are ready for them before their target runs,
 * and leave no files; other children are not delayed by a warm-up.
 */
@Timeout(120)
class ChronicleWarmUpTest {

    @Test
    void aSpareChildOfAChronicleContextHasChronicleWarmBeforeItsTargetRuns() throws Exception {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle", Config.CHILD_SPARES, "1"))) {
            Queue<Integer> queue = mp.queue();
            assertTrue(mp.awaitSpares(Duration.ofSeconds(60)), "the spare did not come up");
            ChildProcess child = mp.process(ChronicleWarmUpTest::failUnlessWarm, queue).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1), "the child's first queue operation found Chronicle cold");
            assertEquals(7, queue.get(Duration.ofSeconds(10)));
            assertInstanceOf(ChronicleQueueHandle.class, queue);
            try (Stream<java.nio.file.Path> left = Files.list(((ChronicleQueueHandle<?>) queue).directory().getParent())) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("warm-up-")),
                        "a warm-up queue was left behind");
            }
        }
    }

    @Test
    void aChildStartedWithoutASpareStartsWithoutWarmingUp() {
        try (Context mp = Context.create(Map.of(Config.QUEUE, "chronicle"))) {
            Queue<Integer> queue = mp.queue();
            ChildProcess child = mp.process(ChronicleWarmUpTest::failIfWarm, queue).start();
            assertTrue(child.join(Duration.ofSeconds(60)), "the child did not end");
            assertEquals(0, child.exitCode().orElse(-1), "a child that was no spare warmed up before its target");
            assertEquals(8, queue.get(Duration.ofSeconds(10)));
        }
    }

    private static void failIfWarm(Queue<Integer> queue) {
        if (ChronicleWarmUp.done()) {
            throw new IllegalStateException("Chronicle was warmed up");
        }
        queue.put(8);
    }

    private static void failUnlessWarm(Queue<Integer> queue) {
        if (!ChronicleWarmUp.done()) {
            throw new IllegalStateException("Chronicle is not warmed up");
        }
        queue.put(7);
    }
}
