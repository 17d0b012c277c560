package io.ipc4j;

import io.ipc4j.internal.manager.Managers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

/** The Manager's dict, list and namespace, from this process and from children. */
@Timeout(120)
class ManagerTest {
    private static Context mp;
    private static Manager m;

    @BeforeAll
    static void start() {
        mp = Context.create();
        m = mp.manager();
    }

    @AfterAll
    static void stop() {
        m.close();
        mp.close();
    }

    @Test
    void dictFromThisProcessAndAChild() {
        Map<String, Integer> d = m.dict();
        d.put("a", 1);
        assertEquals(1, d.get("a"));
        mp.process(() -> d.put("b", 2)).start().join();
        assertEquals(Map.of("a", 1, "b", 2), new HashMap<>(d));
        assertEquals(2, d.size());
    }
}
