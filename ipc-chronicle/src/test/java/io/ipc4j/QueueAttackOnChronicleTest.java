package io.ipc4j;

import org.junit.jupiter.api.Timeout;

import java.util.Map;

/** The queue attacks on Chronicle queues ({@code ipc4j.queue=chronicle}). */
@Timeout(180)
class QueueAttackOnChronicleTest extends QueueAttackTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of(Config.QUEUE, "chronicle");
    }
}
