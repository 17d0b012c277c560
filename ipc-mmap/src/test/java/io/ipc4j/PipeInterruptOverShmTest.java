package io.ipc4j;

import java.util.stream.Stream;

/** Every test of {@link PipeInterruptTest}, over the shared-memory channel. */
class PipeInterruptOverShmTest extends PipeInterruptTest {
    static Stream<String> channels() {
        return Stream.of("shm");
    }
}
