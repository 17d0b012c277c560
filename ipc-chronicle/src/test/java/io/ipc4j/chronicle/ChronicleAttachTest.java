package io.ipc4j.chronicle;

import io.ipc4j.ChildProcess;
import io.ipc4j.Queue;
import io.ipc4j.QueueEmptyException;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** A process that only takes from a queue never needs Chronicle's write lock, not even to attach. */
@Timeout(120)
class ChronicleAttachTest {

    @Test
    void aConsumerAttachesAndTakesWhileALiveProcessHoldsTheWriteLock() throws Exception {
        try (ChronicleFixture fx = new ChronicleFixture()) {
            ChronicleQueueHandle<Integer> q = fx.queues.create(0, false);
            Queue<String> signal = fx.mp.queue();
            ChildProcess holder = fx.mp.process(ChronicleAttachTest::holdWriteLock, q.directory().toString(), signal)
                    .start();
            try {
                assertEquals("locked", signal.get(Duration.ofSeconds(60)));
                ChildProcess taker = fx.mp.process(ChronicleAttachTest::takeNothing, q, signal).start();
                assertEquals("empty", signal.get(Duration.ofSeconds(60)));
                assertTrue(taker.join(Duration.ofSeconds(30)));
            } finally {
                holder.kill();
                holder.join(Duration.ofSeconds(30));
            }
        }
    }

    /** Opens an excerpt, which takes the write lock, and keeps it open until killed. */
    static void holdWriteLock(String dir, Queue<String> signal) throws InterruptedException {
        ChronicleRuntime.prepare();
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(Path.of(dir))
                .rollCycle(QueueRollCycles.QUEUE_SECONDLY).build();
        DocumentContext open = queue.createAppender().writingDocument();
        assertNotNull(open);
        signal.put("locked");
        Thread.sleep(120_000);
    }

    static void takeNothing(Queue<Integer> q, Queue<String> signal) {
        try {
            signal.put("took " + q.getNowait());
        } catch (QueueEmptyException expected) {
            signal.put("empty");
        } catch (RuntimeException e) {
            signal.put(e.toString());
        }
    }
}
