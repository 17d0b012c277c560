package io.ipc4j.internal.coordinator;

import io.ipc4j.Config;
import io.ipc4j.internal.process.ChildClassPath;
import io.ipc4j.internal.server.ChildRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The coordinator's warm-up of its start path: every step runs, and it starts and takes nothing. */
@Timeout(60)
class StartWarmUpTest {

    @Test
    void everyStepCompletesAndNothingIsStarted() {
        AtomicInteger launched = new AtomicInteger();
        Config config = Config.load(Map.of());
        try (SparePool spares = new SparePool(0, new ChildRegistry(), token -> {
            launched.incrementAndGet();
            throw new IllegalStateException("the warm-up must not start a child");
        })) {
            List<String> done = StartWarmUp.run("warm-up-test", classes -> ChildClassPath.of(config), spares);
            assertEquals(List.of("codec", "class path", "target", "spares", "api"), done);
        }
        assertEquals(0, launched.get());
    }
}
