package io.ipc4j;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Classes compiled while a test runs into a folder of their own and loaded by a class loader
 * of their own (whose parent is the test's), as a plugin or a {@code mvn exec:java} program
 * would be: they are on no class path a child gets unless it is worked out from that loader.
 */
final class IsolatedClasses implements AutoCloseable {
    final Path dir;
    final URLClassLoader loader;

    private IsolatedClasses(Path dir) throws Exception {
        this.dir = dir;
        this.loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, IsolatedClasses.class.getClassLoader());
    }

    /**
     * Compiles {@code sources} (class name to source text) against the test's class path into
     * {@code work}/classes, the folder the loader reads.
     */
    static IsolatedClasses compile(Path work, Map<String, String> sources) throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Path dir = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = javac.run(null, null, err, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
        }
        return new IsolatedClasses(dir);
    }

    /** A new instance of {@code className}, made with the constructor that takes {@code argTypes}. */
    Object newInstance(String className, Class<?>[] argTypes, Object... args) throws Exception {
        return Class.forName(className, true, loader).getConstructor(argTypes).newInstance(args);
    }

    @Override
    public void close() throws Exception {
        loader.close();
    }
}
