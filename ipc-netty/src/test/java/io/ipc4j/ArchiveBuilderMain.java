package io.ipc4j;

/**
 * A coordinator of its own for {@link ChildArchiveTest}: starts one child with the archive
 * settings of its system properties and exits (the JVM waits for the archive to be put in place).
 */
public final class ArchiveBuilderMain {
    private ArchiveBuilderMain() {
    }

    public static void main(String[] args) {
        try (Context mp = Context.create()) {
            ChildArchiveTest.argumentsOfAChild(mp);
        }
    }
}
