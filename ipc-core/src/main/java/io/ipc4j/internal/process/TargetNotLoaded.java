package io.ipc4j.internal.process;

/**
 * What a child says when it cannot read its target, most often because a class the target
 * reaches (through its fields, say) is not on the child's class path: one line that names
 * the process, the class and the class path.
 */
final class TargetNotLoaded {
    private TargetNotLoaded() {
    }

    /** The line for process {@code name}, which failed to read its target with {@code error}. */
    static String line(String name, Throwable error) {
        String missing = missingClass(error);
        String prefix = "Process " + name + ": cannot load its target: ";
        if (missing == null) {
            return prefix + error;
        }
        return prefix + "class " + missing + " not found on the class path "
                + System.getProperty("java.class.path", "");
    }

    /** The class whose absence caused {@code error}, or null when it was something else. */
    static String missingClass(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClassNotFoundException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t instanceof NoClassDefFoundError && t.getMessage() != null) {
                return t.getMessage().replace('/', '.');
            }
        }
        return null;
    }
}
