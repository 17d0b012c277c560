package io.ipc4j.internal.process;

import io.ipc4j.Config;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a child JVM given a class path will find a class there: its bootstrap
 * ({@link ChildMain}) and the class of its target must be {@code .class} resources on it,
 * or the child dies before it can say why. The answer for a class path and a class, found or
 * not, is remembered, so that later starts pay a map lookup. It looks only at the class path:
 * JVM options that add classes otherwise ({@code -Xbootclasspath/a}, agents) are not seen.
 */
public final class ClassPathCheck {
    /** Whether each class was found on each class path; bounded, so that a coordinator running for days stays flat. */
    private static final int REMEMBERED = 256;
    private static final Map<Key, Boolean> FOUND = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    private record Key(ChildClassPath classPath, String className) {
    }

    private ClassPathCheck() {
    }

    /**
     * The first of the child's bootstrap and {@code classes} that a JVM started with
     * {@code classPath} could not load; empty when it finds them all.
     */
    public static Optional<Class<?>> missing(ChildClassPath classPath, Class<?>... classes) {
        if (!finds(classPath, ChildMain.class)) {
            return Optional.of(ChildMain.class);
        }
        for (Class<?> c : classes) {
            if (c != null && !finds(classPath, c)) {
                return Optional.of(definingClass(c));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a JVM started with {@code classPath} finds {@code c}: the JDK's own classes
     * always, a lambda's (or other hidden class's) through the class it was made in.
     */
    public static boolean finds(ChildClassPath classPath, Class<?> c) {
        Class<?> defining = definingClass(c);
        ClassLoader loader = defining.getClassLoader();
        if (defining.isPrimitive() || loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return true;
        }
        Key key = new Key(classPath, defining.getName());
        Boolean known;
        synchronized (FOUND) {
            known = FOUND.get(key);
        }
        if (known != null) {
            return known;
        }
        boolean found = classPath.springBootJar().isPresent()
                ? ChildClassPath.isInside(classPath.springBootJar().get(), location(defining))
                : lookUp(classPath.entries(), defining.getName().replace('.', '/') + ".class");
        synchronized (FOUND) {
            FOUND.put(key, found);
        }
        return found;
    }

    /**
     * Why a child given {@code classPath} cannot start, for a class {@link #missing} named:
     * the class, where this JVM loaded it from, and the class path.
     */
    public static String describe(Class<?> missing, ChildClassPath classPath) {
        String what = missing == ChildMain.class ? "ipc4j's child bootstrap class " : "class ";
        return what + missing.getName() + " (loaded here from " + origin(missing)
                + ") is not on the class path the child JVM gets: " + classPath + " (setting "
                + Config.CHILD_CLASSPATH + ")";
    }

    /** A lambda is a hidden class, which no class path holds: it is made again from the class it was written in. */
    private static Class<?> definingClass(Class<?> c) {
        Class<?> d = c;
        while (d.isArray()) {
            d = d.getComponentType();
        }
        return d.isHidden() ? d.getNestHost() : d;
    }

    private static String origin(Class<?> c) {
        URL location = location(c);
        return location != null ? location.toString() : "no location (class loader " + c.getClassLoader() + ")";
    }

    private static URL location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    /** Looks the resource up as the child's application class loader would, manifest Class-Path included. */
    private static boolean lookUp(List<String> classPath, String resource) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath) {
            addEntry(entry, urls);
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null);
        try {
            return loader.findResource(resource) != null;
        } finally {
            try {
                loader.close();
            } catch (IOException ignored) {
                // only releases the jar files it opened
            }
        }
    }

    /** An entry as {@code java -cp} reads it: {@code dir/*} stands for the jars in {@code dir}. */
    private static void addEntry(String entry, List<URL> urls) {
        if (entry.isEmpty()) {
            return;
        }
        try {
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath();
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    for (Path jar : jars) {
                        urls.add(jar.toUri().toURL());
                    }
                } catch (IOException notADirectory) {
                    // the child would find nothing there either
                }
            } else {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
            }
        } catch (MalformedURLException | IllegalArgumentException unusable) {
            // an entry the child could not use either
        }
    }
}
