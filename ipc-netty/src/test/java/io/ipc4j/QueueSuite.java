package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the queue suites ({@link QueueTest}, {@link QueueAttackTest}) share: every context
 * they make takes its settings from {@link #settings()}, so that a subclass that returns,
 * say, {@code ipc4j.queue=chronicle} runs every behavioural test on that transport. Tests
 * of the broker's own workings call {@link #assumeBroker()} and are skipped elsewhere.
 */
public abstract class QueueSuite {
    /** The context of each test, made from {@link #settings()}. */
    protected Context mp;

    /** The settings of every context the suite makes; the defaults (the broker) here. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** A context with {@link #settings()} and then {@code more}. */
    protected Context context(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(settings());
        all.putAll(more);
        return Context.create(all);
    }

    @BeforeEach
    void openContext() {
        mp = context(Map.of());
    }

    @AfterEach
    void closeContext() {
        mp.close();
    }

    /**
     * Skips a test of the broker's own workings (its frame limit, its count of queues, how
     * it takes back a stopped consumer's batch) when the suite runs on another transport.
     */
    protected void assumeBroker() {
        assumeTrue("broker".equals(mp.config().get(Config.QUEUE)),
                "tests the broker's internals; this suite runs on " + mp.config().get(Config.QUEUE));
    }
}
