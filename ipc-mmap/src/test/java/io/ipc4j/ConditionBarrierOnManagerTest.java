package io.ipc4j;

import java.util.Map;

/** {@link ConditionBarrierTest} with {@code ipc4j.shared=manager}: the same behaviour from manager-backed objects. */
class ConditionBarrierOnManagerTest extends ConditionBarrierTest {
    @Override
    protected Map<String, String> settings() {
        return Map.of(Config.SHARED, "manager");
    }
}
