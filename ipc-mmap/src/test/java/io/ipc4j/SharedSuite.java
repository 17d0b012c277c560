package io.ipc4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the suites of values, arrays and synchronization primitives share: every context
 * they make takes its settings from {@link #settings()}, so that a subclass returning
 * {@code ipc4j.shared=manager} runs every behavioural test on manager-backed objects. Tests
 * of shared memory's own workings call {@link #assumeMmap()} and are skipped elsewhere.
 */
abstract class SharedSuite {
    /** The context of each test, made from {@link #settings()}. */
    protected Context mp;

    /** The settings of every context the suite makes; the defaults (shared memory) here. */
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

    /** Whether the objects of this run live in a manager ({@code ipc4j.shared=manager}). */
    protected boolean onManager() {
        return "manager".equals(mp.config().get(Config.SHARED));
    }

    /** Skips a test of shared memory's own workings (files, named blocks) when the suite runs on a manager. */
    protected void assumeMmap() {
        assumeTrue(!onManager(), "tests shared memory's internals; this suite runs on ipc4j.shared=manager");
    }
}
