package io.ipc4j.chronicle;

import io.ipc4j.internal.QueueTransports;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classes Chronicle asks the children's class-data archive to hold are on this class path:
 * a list gone stale (Chronicle upgraded, a class renamed) would quietly leave them out of the
 * archive, and each Chronicle child would read them from the jars again. The JDK's own
 * classes on the list are not checked: another JDK may lack some, and they are skipped.
 */
class ChronicleArchiveClassesTest {

    private static boolean fromTheJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.management.") || name.startsWith("com.sun.jmx.");
    }

    @Test
    void everyClassChronicleNamesForTheArchiveLoadsAndTheBuilderGetsThem() {
        List<String> names = new ChronicleTransport().archiveClasses();
        assertTrue(names.size() > 500, "only " + names.size() + " classes listed");
        assertTrue(names.contains("net.openhft.chronicle.queue.impl.single.SingleChronicleQueue"));
        assertTrue(names.contains("io.ipc4j.chronicle.ChronicleQueueHandle"));
        List<String> missing = new ArrayList<>();
        ClassLoader loader = ChronicleArchiveClassesTest.class.getClassLoader();
        for (String name : names) {
            if (fromTheJdk(name)) {
                continue; // a JDK's internals change between versions: a newer one may lack some (and skips them)
            }
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "listed in " + ChronicleTransport.ARCHIVE_LIST + " but not on the class path");
        assertTrue(names.stream().filter(n -> !fromTheJdk(n)).count() > 500, "too few of the jars' classes listed");
        assertTrue(QueueTransports.archiveClasses().containsAll(names), "the archive builder does not get Chronicle's list");
    }
}
