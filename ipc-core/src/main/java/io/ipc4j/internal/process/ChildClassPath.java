package io.ipc4j.internal.process;

import io.ipc4j.Config;

import java.io.File;
import java.io.IOException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;

/**
 * Where a child JVM finds its classes: what the code that asked for it was loaded from,
 * not only {@code java.class.path}.
 * <ul>
 * <li>A launcher such as {@code mvn exec:java} puts the program's classes in a class loader
 * of its own and leaves its own jars on {@code java.class.path}: the URLs of that loader
 * (and of ipc4j's, and of the target's) are added.</li>
 * <li>On the module path, the modules the boot layer resolved from files are put on the
 * child's class path; the child runs them as plain jars.</li>
 * <li>A Spring Boot executable jar keeps its libraries nested under {@code BOOT-INF/lib},
 * where no class path can reach them: the child starts through Spring Boot's own
 * {@code PropertiesLauncher} on the same jar, with {@link ChildMain} as its main class.</li>
 * </ul>
 * {@code ipc4j.child.classpath} overrides the lot.
 */
public final class ChildClassPath {
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final String OLD_BOOT_LAUNCHER = "org.springframework.boot.loader.PropertiesLauncher";
    /** The launcher found in each outer jar, read once: every start works its class path out again. */
    private static final Map<Path, Optional<String>> LAUNCHERS = new ConcurrentHashMap<>();

    private final List<String> entries;
    private final Path bootJar;
    private final String bootLauncher;

    private ChildClassPath(List<String> entries, Path bootJar, String bootLauncher) {
        this.entries = List.copyOf(entries);
        this.bootJar = bootJar;
        this.bootLauncher = bootLauncher;
    }

    /**
     * @param loaders the class loaders whose classes the child needs (ipc4j's own always
     *                counts); each is followed up through its parents
     */
    public static ChildClassPath of(Config config, ClassLoader... loaders) {
        String given = config.get(Config.CHILD_CLASSPATH);
        boolean directoriesLast = Config.CHILD_CDS_DIRECTORIES_LAST.equals(config.get(Config.CHILD_CDS));
        if (given != null && !given.isBlank()) {
            return plain(List.of(given.trim().split(File.pathSeparator)), directoriesLast);
        }
        Set<String> entries = new LinkedHashSet<>();
        Set<Path> nestedIn = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        addModules(entries);
        addCodeSource(ChildMain.class, entries, nestedIn);
        addLoader(ChildMain.class.getClassLoader(), entries, nestedIn);
        for (ClassLoader l : loaders) {
            addLoader(l, entries, nestedIn);
        }
        for (Path outer : nestedIn) {
            Optional<String> launcher = LAUNCHERS.computeIfAbsent(outer, jar -> Optional.ofNullable(bootLauncher(jar)));
            if (launcher.isPresent()) {
                return new ChildClassPath(List.of(outer.toString()), outer, launcher.get());
            }
        }
        return plain(new ArrayList<>(entries), directoriesLast);
    }

    private static ChildClassPath plain(List<String> entries, boolean directoriesLast) {
        if (!directoriesLast) {
            return new ChildClassPath(entries, null, null);
        }
        List<String> files = new ArrayList<>();
        List<String> others = new ArrayList<>(); // directories, and entries that do not exist (the JVM skips them)
        for (String e : entries) {
            (Files.isRegularFile(Path.of(e)) ? files : others).add(e);
        }
        files.addAll(others);
        return new ChildClassPath(files, null, null);
    }

    /**
     * The part of this class path a class-data archive can hold: the whole when every entry is
     * a file, or the files before the directories (or missing entries) that end it (JDK 17
     * archives no class from a directory, and accepts a child whose class path adds entries
     * after the archived ones, not before them); empty when a file follows a directory.
     */
    public Optional<ChildClassPath> archivable() {
        if (bootJar != null) {
            return Optional.of(this);
        }
        int firstOther = -1;
        for (int i = 0; i < entries.size(); i++) {
            boolean file = Files.isRegularFile(Path.of(entries.get(i)));
            if (!file && firstOther < 0) {
                firstOther = i;
            } else if (file && firstOther >= 0) {
                return Optional.empty();
            }
        }
        if (firstOther < 0) {
            return Optional.of(this);
        }
        return firstOther == 0 ? Optional.empty()
                : Optional.of(new ChildClassPath(entries.subList(0, firstOther), null, null));
    }

    /** The arguments of {@code java} after the JVM options that make it run {@code mainClass}. */
    public List<String> javaArguments(String mainClass) {
        if (bootJar != null) {
            return List.of("-Dloader.main=" + mainClass, "-cp", bootJar.toString(), bootLauncher);
        }
        return List.of("-cp", String.join(File.pathSeparator, entries), mainClass);
    }

    /** The plain class path entries (for a Spring Boot jar, the jar itself). */
    public List<String> entries() {
        return entries;
    }

    /** The Spring Boot executable jar the child starts through, if any. */
    public Optional<Path> springBootJar() {
        return Optional.ofNullable(bootJar);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChildClassPath c && entries.equals(c.entries) && Objects.equals(bootJar, c.bootJar)
                && Objects.equals(bootLauncher, c.bootLauncher);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, bootJar, bootLauncher);
    }

    @Override
    public String toString() {
        String path = String.join(File.pathSeparator, entries);
        return bootJar == null ? path : path + " (through Spring Boot's " + bootLauncher + ")";
    }

    /** Modules read from files (the module path), as opposed to the JDK's own. */
    private static void addModules(Set<String> entries) {
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            m.reference().location()
                    .filter(uri -> "file".equals(uri.getScheme()))
                    .ifPresent(uri -> entries.add(Path.of(uri).toString()));
        }
    }

    private static void addLoader(ClassLoader loader, Set<String> entries, Set<Path> nestedIn) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addUrl(url, entries, nestedIn);
                }
            }
        }
    }

    private static void addCodeSource(Class<?> c, Set<String> entries, Set<Path> nestedIn) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            addUrl(source.getLocation(), entries, nestedIn);
        }
    }

    /**
     * A file or folder goes on the class path; a jar nested in another cannot, and names the
     * outer jar instead.
     */
    private static void addUrl(URL url, Set<String> entries, Set<Path> nestedIn) {
        String text = url.toString();
        if ("file".equals(url.getProtocol())) {
            toPath(text).ifPresent(p -> entries.add(p.toString()));
        } else if (text.startsWith("jar:file:") && text.endsWith("!/") && text.indexOf("!/") == text.length() - 2) {
            toPath(text.substring("jar:".length(), text.length() - 2)).ifPresent(p -> entries.add(p.toString()));
        } else {
            outerJar(url).ifPresent(nestedIn::add);
        }
    }

    /** Whether a class loaded from {@code location} comes from {@code bootJar}, nested in it or not. */
    public static boolean isInside(Path bootJar, URL location) {
        if (location == null) {
            return false;
        }
        Optional<Path> jar = "file".equals(location.getProtocol()) ? toPath(location.toString()) : outerJar(location);
        return jar.map(bootJar::equals).orElse(false);
    }

    /**
     * The outer jar of a nested one: {@code jar:nested:/a.jar/!BOOT-INF/lib/b.jar!/} from
     * Spring Boot 3.2 on, {@code jar:file:/a.jar!/BOOT-INF/lib/b.jar!/} before.
     */
    private static Optional<Path> outerJar(URL url) {
        if (!"jar".equals(url.getProtocol())) {
            return Optional.empty();
        }
        String inner = url.toString().substring("jar:".length());
        boolean nested = inner.startsWith("nested:");
        int end = nested ? inner.indexOf("/!") : inner.indexOf("!/");
        if (end <= 0) {
            return Optional.empty();
        }
        String outer = nested ? "file:" + inner.substring("nested:".length(), end) : inner.substring(0, end);
        return toPath(outer).or(() -> Optional.of(Path.of(outer.substring("file:".length()))));
    }

    private static Optional<Path> toPath(String fileUrl) {
        try {
            return Optional.of(Path.of(new URI(fileUrl)));
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return Optional.empty();
        }
    }

    /** The class name of Spring Boot's properties launcher inside {@code jar}, or null if it is no Boot jar. */
    private static String bootLauncher(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String launcher : List.of(BOOT_LAUNCHER, OLD_BOOT_LAUNCHER)) {
                if (file.getEntry(launcher.replace('.', '/') + ".class") != null) {
                    return launcher;
                }
            }
            return null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}
