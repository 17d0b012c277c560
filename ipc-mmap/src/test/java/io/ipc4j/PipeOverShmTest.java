package io.ipc4j;

import java.util.stream.Stream;

/** Every test of {@link PipeTest}, over the shared-memory channel. */
class PipeOverShmTest extends PipeTest {
    static Stream<String> channels() {
        return Stream.of("shm");
    }
}
