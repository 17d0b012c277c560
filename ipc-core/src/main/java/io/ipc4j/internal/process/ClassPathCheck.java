package io.ipc4j.internal.process;

import io.ipc4j.Config;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
        String resource = defining.getName().replace('.', '/') + ".class";
        boolean found = classPath.springBootJar().isPresent()
                ? ChildClassPath.isInside(classPath.springBootJar().get(), location(defining))
                : isInAnEntry(classPath.entries(), defining, resource) || lookUp(classPath.entries(), resource);
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

    /**
     * Whether the jar or directory this JVM has {@code c}'s class file in is itself one of the
     * entries (or in a {@code dir/*} entry): then the child finds it, and nothing is opened.
     * The usual case; {@link #lookUp} opens every entry, which for the benchmarks' jar (twenty
     * thousand classes) costs a start of a class not checked before 3 ms warm and 11 ms cold. A class file that is not where its loader
     * would find it (a class defined at run time under a jar's code source) is not taken for
     * one: the loader is asked for the file itself.
     */
    private static boolean isInAnEntry(List<String> classPath, Class<?> c, String resource) {
        URL url;
        try {
            url = c.getClassLoader().getResource(resource);
        } catch (RuntimeException loaderFailed) {
            return false;
        }
        Path root = url == null ? null : rootOf(url, resource);
        if (root == null) {
            return false;
        }
        // as the launcher expands dir/*: names ending in .jar or .JAR, no other case
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        boolean isJar = name.endsWith(".jar") || name.endsWith(".JAR");
        for (String entry : classPath) {
            try {
                boolean wildcard = entry.equals("*") || entry.endsWith(File.separator + "*");
                Path given = Path.of(wildcard ? entry.substring(0, entry.length() - 1) : entry).toAbsolutePath();
                Path file = wildcard ? given.resolve(name) : given;
                if ((!wildcard || isJar) && file.normalize().equals(root) && sameFile(file, root)) {
                    return true;
                }
            } catch (InvalidPathException unusable) {
                // an entry the child could not use either
            }
        }
        return false;
    }

    /**
     * Whether the two paths, equal as text, are the same file as the child would resolve them
     * ({@code a/missing/..} is {@code a} as text, and nothing to the child).
     */
    private static boolean sameFile(Path entry, Path root) {
        try {
            return entry.toRealPath().equals(root.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The jar ({@code jar:file:…!/resource}) or directory ({@code file:…/resource}) a class file was found in; null for other places. */
    private static Path rootOf(URL url, String resource) {
        try {
            String spec = url.toString();
            if (spec.startsWith("jar:file:") && spec.endsWith("!/" + resource)
                    && spec.indexOf("!/") == spec.length() - resource.length() - 2) {
                return Path.of(new URI(spec.substring("jar:".length(), spec.length() - resource.length() - 2)))
                        .toAbsolutePath().normalize();
            }
            if (spec.startsWith("file:") && spec.endsWith("/" + resource)) {
                return Path.of(new URI(spec.substring(0, spec.length() - resource.length())))
                        .toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // not a plain file: let lookUp decide
        }
        return null;
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
