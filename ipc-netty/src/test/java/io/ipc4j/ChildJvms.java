package io.ipc4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ipc4j child JVMs of this JVM started since a moment, for tests that count or kill
 * them (a surefire JVM runs many test classes, and a JVM of an earlier one may still be
 * exiting). A child's command line is read from {@code /proc} whole: the JDK's
 * {@code ProcessHandle.Info} reads one page of it, less than a child's class path may take.
 */
public final class ChildJvms {
    private final Set<Long> before;

    private ChildJvms(Set<Long> before) {
        this.before = before;
    }

    /** Notes the child JVMs there now, which {@link #started()} leaves out. */
    public static ChildJvms since() {
        return new ChildJvms(all());
    }

    /** The live ipc4j child JVMs of this JVM that were not there when this was made. */
    public Set<Long> started() {
        Set<Long> now = all();
        now.removeAll(before);
        return now;
    }

    private static Set<Long> all() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p.pid()).contains("io.ipc4j.internal.process.ChildMain"))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
