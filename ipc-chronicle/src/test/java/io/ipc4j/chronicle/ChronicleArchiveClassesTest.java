package io.ipc4j.chronicle;

import io.ipc4j.internal.QueueTransports;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The classes Chronicle asks the children's class-data archive to hold are on this class path:
 * a list gone stale (Chronicle upgraded, a class renamed) would quietly leave them out of the
 * archive, and each Chronicle child would read them from the jars again.
 */
class ChronicleArchiveClassesTest {

    @Test
    void everyClassChronicleNamesForTheArchiveLoadsAndTheBuilderGetsThem() {
        List<String> names = new ChronicleTransport().archiveClasses();
        assertTrue(names.size() > 500, "only " + names.size() + " classes listed");
        assertTrue(names.contains("net.openhft.chronicle.queue.impl.single.SingleChronicleQueue"));
        assertTrue(names.contains("io.ipc4j.chronicle.ChronicleQueueHandle"));
        List<String> missing = new ArrayList<>();
        ClassLoader loader = ChronicleArchiveClassesTest.class.getClassLoader();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "listed in " + ChronicleTransport.ARCHIVE_LIST + " but not on the class path");
        assertTrue(QueueTransports.archiveClasses().containsAll(names), "the archive builder does not get Chronicle's list");
    }
}
