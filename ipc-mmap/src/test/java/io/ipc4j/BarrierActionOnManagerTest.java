package io.ipc4j;

import java.util.Map;

/** {@link BarrierActionTest} with {@code ipc4j.shared=manager}: the same behaviour from manager-backed objects. */
class BarrierActionOnManagerTest extends BarrierActionTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of(Config.SHARED, "manager");
    }
}
