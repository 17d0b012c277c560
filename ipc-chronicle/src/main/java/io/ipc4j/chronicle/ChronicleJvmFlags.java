package io.ipc4j.chronicle;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options Chronicle Queue needs on JDK 17 and later, and a check that this JVM
 * was started with them. Chronicle maps its files through JDK internals; without these
 * options it fails deep inside with an {@code IllegalAccessError} or an
 * {@code AssertionError} naming {@code sun.nio.ch.FileChannelImpl}, so every process checks
 * before it loads a Chronicle class and throws {@link MissingJvmFlagsException} instead.
 */
public final class ChronicleJvmFlags {

    /** One opening of a JDK package to the code that loads Chronicle. */
    private record Opening(String module, String pkg, boolean deep) {
        String flag() {
            return (deep ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=ALL-UNNAMED";
        }

        boolean granted(Module to) {
            Module m = ModuleLayer.boot().findModule(module).orElse(null);
            if (m == null) {
                return false;
            }
            return deep ? m.isOpen(pkg, to) : m.isExported(pkg, to);
        }
    }

    private static final List<Opening> REQUIRED = List.of(
            new Opening("java.base", "jdk.internal.ref", false),
            new Opening("java.base", "java.lang.reflect", true),
            new Opening("java.base", "sun.nio.ch", true));

    private ChronicleJvmFlags() {
    }

    /**
     * The options to give every JVM that uses a Chronicle queue, in command-line form
     * (JDK 17: the same on later JDKs, which may also want {@code --enable-native-access=ALL-UNNAMED}).
     */
    public static List<String> required() {
        return REQUIRED.stream().map(Opening::flag).toList();
    }

    /** The options of {@link #required()} this JVM lacks for the module {@code to}; empty when none. */
    static List<String> missing(Module to) {
        List<String> missing = new ArrayList<>();
        for (Opening o : REQUIRED) {
            if (!o.granted(to)) {
                missing.add(o.flag());
            }
        }
        return missing;
    }

    /**
     * Checks this JVM. The options must reach the module Chronicle is loaded in; the class
     * path puts Chronicle and ipc4j in one unnamed module, so ipc4j's module is checked.
     *
     * @throws MissingJvmFlagsException listing the options to add
     */
    public static void check() {
        List<String> missing = missing(ChronicleJvmFlags.class.getModule());
        if (!missing.isEmpty()) {
            throw new MissingJvmFlagsException(missing, required());
        }
    }
}
