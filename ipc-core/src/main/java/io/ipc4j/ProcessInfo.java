package io.ipc4j;

/**
 * The name and pid of a process, as {@link Context#currentProcess()} and
 * {@link Context#parentProcess()} report them.
 */
public record ProcessInfo(String name, long pid) {
    @Override
    public String toString() {
        return "<Process name='" + name + "' pid=" + pid + ">";
    }
}
