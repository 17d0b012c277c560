package io.ipc4j;

import java.util.stream.Stream;

/** Every test of {@link PipeEndGivenUpTest}, over the shared-memory channel. */
class PipeEndGivenUpOverShmTest extends PipeEndGivenUpTest {
    static Stream<String> channels() {
        return Stream.of("shm");
    }
}
