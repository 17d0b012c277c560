package io.ipc4j;

import java.util.Map;

/** The queue suite on Chronicle queues: every behaviour the broker has, with {@code ipc4j.queue=chronicle}. */
class QueueOnChronicleTest extends QueueTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of(Config.QUEUE, "chronicle");
    }
}
