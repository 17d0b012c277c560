package io.ipc4j.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The JVM flags of a child, per version of its java: JDK 17 refuses the newer ones. */
@Timeout(30)
class ChildLauncherTest {

    @Test
    void flagsFollowTheChildsJavaVersion() {
        assertEquals(List.of(), ChildLauncher.jvmFlags(17));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), ChildLauncher.jvmFlags(21));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"),
                ChildLauncher.jvmFlags(25));
    }
}
