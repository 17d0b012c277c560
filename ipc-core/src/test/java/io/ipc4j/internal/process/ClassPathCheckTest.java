package io.ipc4j.internal.process;

import io.ipc4j.Config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whether a child given a class path would find a class: found where its class file is in an
 * entry (a directory, a jar, a jar in a {@code dir/*} entry), and not found for a class that
 * only claims such a place.
 */
@Timeout(60)
class ClassPathCheckTest {
    private static ChildClassPath classPath(String... entries) {
        return ChildClassPath.of(Config.of(Map.of(Config.CHILD_CLASSPATH, String.join(File.pathSeparator, entries))));
    }

    private static Path testClasses() throws Exception {
        return Path.of(ClassPathCheckTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Compiles {@code source}, public class {@code name} in package {@code pkg}, into {@code dir}. */
    private static Path compile(Path dir, String pkg, String name) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path file = src.resolve(name + ".java");
        Files.writeString(file, "package " + pkg + "; public class " + name + " { }");
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", out.toString(), file.toString()));
        return out.resolve(pkg.replace('.', '/')).resolve(name + ".class");
    }

    @Test
    void aClassInADirectoryEntryIsFoundAndNotWithoutIt(@TempDir Path other) throws Exception {
        String here = testClasses().toString();
        String main = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertEquals(Optional.empty(), ClassPathCheck.missing(classPath(main, here), ClassPathCheckTest.class));
        assertEquals(Optional.of(ClassPathCheckTest.class), ClassPathCheck.missing(classPath(main),
                ClassPathCheckTest.class));
        // ChildMain is in ipc-core's main classes, not in the test classes: missing
        assertEquals(Optional.of(ChildMain.class), ClassPathCheck.missing(classPath(here)));
        assertFalse(ClassPathCheck.finds(classPath(other.toString()), ClassPathCheckTest.class));
    }

    @Test
    void aClassInAJarIsFoundThroughTheJarAndThroughItsDirectoryStar(@TempDir Path dir) throws Exception {
        Path classFile = compile(dir, "jarred", "InAJar");
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path jar = libs.resolve("one.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("jarred/InAJar.class"));
            j.write(Files.readAllBytes(classFile));
            j.closeEntry();
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> c = loader.loadClass("jarred.InAJar");
            assertTrue(ClassPathCheck.finds(classPath(jar.toString()), c));
            assertTrue(ClassPathCheck.finds(classPath(libs + File.separator + "*"), c));
            assertFalse(ClassPathCheck.finds(classPath(empty + File.separator + "*"), c));
            assertFalse(ClassPathCheck.finds(classPath(libs.toString()), c), "a directory of jars is not a jar");
            assertFalse(ClassPathCheck.finds(classPath(libs.resolve("missing").resolve("..").resolve("one.jar")
                    .toString()), c), "the child resolves missing/.. to nothing");
        }
        // the launcher's dir/* takes names ending in .jar or .JAR only
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Path oddJar = Files.copy(jar, mixed.resolve("two.Jar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {oddJar.toUri().toURL()}, null)) {
            Class<?> c = loader.loadClass("jarred.InAJar");
            assertTrue(ClassPathCheck.finds(classPath(oddJar.toString()), c));
            assertFalse(ClassPathCheck.finds(classPath(mixed + File.separator + "*"), c));
        }
    }

    /**
     * A class defined at run time in this test's package carries the test classes' code
     * source, but no child finds its class file there: it is missing, not taken for found
     * because of where it claims to come from.
     */
    @Test
    void aClassDefinedAtRunTimeUnderAnEntrysCodeSourceIsMissing(@TempDir Path dir) throws Exception {
        Path classFile = compile(dir, ClassPathCheckTest.class.getPackageName(), "DefinedAtRunTime");
        Class<?> defined = MethodHandles.lookup().defineClass(Files.readAllBytes(classFile));
        assertEquals(ClassPathCheckTest.class.getProtectionDomain().getCodeSource().getLocation(),
                defined.getProtectionDomain().getCodeSource().getLocation());
        assertFalse(ClassPathCheck.finds(classPath(testClasses().toString()), defined));
        assertTrue(ClassPathCheck.finds(classPath(testClasses().toString(), dir.resolve("out").toString()), defined),
                "its class file is in the second entry");
    }
}
