package io.ipc4j.internal.process;

import io.ipc4j.Config;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path a child JVM starts with: what the code that asked for it was loaded from,
 * not only {@code java.class.path}. A launcher such as {@code mvn exec:java} puts the
 * program's classes in a class loader of its own and leaves its own jars on
 * {@code java.class.path}; a child given only those could not even load its bootstrap.
 * {@code ipc4j.child.classpath} overrides the lot.
 */
public final class ChildClassPath {
    private ChildClassPath() {
    }

    /**
     * @param loaders the class loaders whose classes the child needs (ipc4j's own always
     *                counts); each is followed up through its parents
     */
    public static String of(Config config, ClassLoader... loaders) {
        String given = config.get(Config.CHILD_CLASSPATH);
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        addCodeSource(ChildMain.class, entries);
        addLoader(ChildMain.class.getClassLoader(), entries);
        for (ClassLoader l : loaders) {
            addLoader(l, entries);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void addLoader(ClassLoader loader, Set<String> entries) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addFile(url, entries);
                }
            }
        }
    }

    private static void addCodeSource(Class<?> c, Set<String> entries) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            addFile(source.getLocation(), entries);
        }
    }

    /** Files and folders only: a nested jar (a Spring Boot jar's, say) cannot go on a class path. */
    private static void addFile(URL url, Set<String> entries) {
        if (!"file".equals(url.getProtocol())) {
            return;
        }
        try {
            entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            // not a plain file: leave it out
        }
    }
}
