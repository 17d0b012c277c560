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

    @Test
    void theOptionsThatWriteFilesOfTheirOwnAreTold() {
        for (String o : List.of("-Xlog:class+load=info:file=/tmp/c-%p.log", "-Xlog:gc:gc.log", "-Xlog:gc*:file=g.log:time",
                "-Xloggc:/tmp/gc.log", "-XX:LogFile=/tmp/vm.log", "-XX:+LogVMOutput", "-XX:+LogCompilation",
                "-XX:StartFlightRecording",
                "-XX:StartFlightRecording:filename=r.jfr")) {
            assertTrue(ChildLauncher.writesFilesOfItsOwn(o), o);
        }
        for (String o : List.of("-Xlog:gc", "-Xlog:gc:stdout", "-Xlog:gc:stderr:uptime", "-Xlog:disable", "-Xlog",
                "-Xlog:cds=off,cds+dynamic=off", "-Xlog:gc::uptime", "-XX:+UseSerialGC", "-Xms64m", "-verbose:class",
                "-XX:-LogVMOutput", "-XX:+UnlockDiagnosticVMOptions")) {
            assertFalse(ChildLauncher.writesFilesOfItsOwn(o), o);
        }
    }
}
