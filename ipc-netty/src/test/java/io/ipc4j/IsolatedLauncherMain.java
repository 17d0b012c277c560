package io.ipc4j;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class from a class loader of its own, as {@code mvn exec:java} does: the
 * program's classes are not on {@code java.class.path}, which holds only this launcher.
 * Arguments: the program's class path, then its main class.
 */
public final class IsolatedLauncherMain {
    private IsolatedLauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : args[0].split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader program = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(program);
            Class.forName(args[1], true, program).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }
}
