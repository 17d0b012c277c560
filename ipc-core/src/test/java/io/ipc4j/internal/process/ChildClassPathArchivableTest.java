package io.ipc4j.internal.process;

import io.ipc4j.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Which part of a child's class path a class-data archive can hold (JDK 17 archives jars, not
 * directories, and lets a JVM add entries after the archived ones), and how
 * {@code ipc4j.child.cds=directories-last} orders a class path for it.
 */
class ChildClassPathArchivableTest {
    @TempDir
    Path work;

    private ChildClassPath classPath(String cds, Path... entries) {
        List<String> names = Arrays.stream(entries).map(Path::toString).toList();
        return ChildClassPath.of(Config.of(Map.of(Config.CHILD_CLASSPATH, String.join(File.pathSeparator, names),
                Config.CHILD_CDS, cds)));
    }

    private Path jar(String name) throws IOException {
        return Files.write(work.resolve(name), new byte[] {'P', 'K', 5, 6});
    }

    @Test
    void jarsAloneAreArchivedWhole() throws IOException {
        ChildClassPath cp = classPath("auto", jar("a.jar"), jar("b.jar"));
        assertEquals(Optional.of(cp), cp.archivable());
    }

    @Test
    void directoriesAndMissingEntriesAfterTheJarsLeaveTheJarsArchivable() throws IOException {
        Path a = jar("a.jar");
        Path dir = Files.createDirectory(work.resolve("classes"));
        Path missing = work.resolve("missing.jar");
        ChildClassPath cp = classPath("auto", a, dir, missing);
        assertEquals(List.of(a.toString(), dir.toString(), missing.toString()), cp.entries());
        assertEquals(List.of(a.toString()), cp.archivable().orElseThrow().entries());
    }

    @Test
    void aDirectoryBeforeAJarLeavesNothingArchivableUnlessDirectoriesGoLast() throws IOException {
        Path dir = Files.createDirectory(work.resolve("classes"));
        Path missing = work.resolve("missing.jar");
        Path a = jar("a.jar");
        Path b = jar("b.jar");
        assertEquals(Optional.empty(), classPath("auto", dir, a, b).archivable());
        assertEquals(Optional.empty(), classPath("auto", a, missing, b).archivable());
        ChildClassPath last = classPath(Config.CHILD_CDS_DIRECTORIES_LAST, dir, a, missing, b);
        assertEquals(List.of(a.toString(), b.toString(), dir.toString(), missing.toString()), last.entries(),
                "files first, then the rest, each in its order");
        assertEquals(List.of(a.toString(), b.toString()), last.archivable().orElseThrow().entries());
    }
}
