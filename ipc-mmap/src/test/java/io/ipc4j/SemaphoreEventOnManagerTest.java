package io.ipc4j;

import java.util.Map;

/** {@link SemaphoreEventTest} with {@code ipc4j.shared=manager}: the same behaviour from manager-backed objects. */
class SemaphoreEventOnManagerTest extends SemaphoreEventTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of(Config.SHARED, "manager");
    }
}
