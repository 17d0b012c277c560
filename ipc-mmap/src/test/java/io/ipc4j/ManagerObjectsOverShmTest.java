package io.ipc4j;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test of {@link ManagerObjectsTest}, with the context and its manager on the shared-memory channel. */
class ManagerObjectsOverShmTest extends ManagerObjectsTest {
    @BeforeAll
    static void start() {
        startOn("shm");
    }

    @Test
    void theManagerListensOnTheShmChannel() {
        assertTrue(m.toString().startsWith("Manager[shm:"), m::toString);
    }
}
