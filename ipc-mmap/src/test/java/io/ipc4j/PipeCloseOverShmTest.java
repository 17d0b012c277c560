package io.ipc4j;

import java.util.stream.Stream;

/** Every test of {@link PipeCloseTest}, over the shared-memory channel. */
class PipeCloseOverShmTest extends PipeCloseTest {
    static Stream<String> channels() {
        return Stream.of("shm");
    }
}
