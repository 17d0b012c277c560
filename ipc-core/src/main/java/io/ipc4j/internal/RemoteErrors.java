package io.ipc4j.internal;

import io.ipc4j.RemoteTraceback;
import io.ipc4j.TaskFailedException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception crossing from another process (a pool worker, a manager server) to the caller:
 * sent as class name, message and stack trace text, and rebuilt as the same unchecked type when
 * it has a message constructor, else as a {@link TaskFailedException}; the remote trace becomes
 * a {@link RemoteTraceback} cause.
 */
public final class RemoteErrors {
    private RemoteErrors() {
    }

    public static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    public static RuntimeException rebuild(String type, String message, String trace) {
        return (RuntimeException) rebuild(type, message, trace, NO_CHECKED);
    }

    private static final Class<?>[] NO_CHECKED = new Class<?>[0];

    /**
     * As {@link #rebuild(String, String, String)}, and also rebuilds a checked exception whose
     * class is one of {@code declared} (or a subclass of one): what a method that declares them
     * may throw.
     */
    public static Exception rebuild(String type, String message, String trace, Class<?>[] declared) {
        RemoteTraceback cause = new RemoteTraceback(trace);
        try {
            Class<?> c = Class.forName(type, false, Thread.currentThread().getContextClassLoader());
            if (RuntimeException.class.isAssignableFrom(c) || Exception.class.isAssignableFrom(c)
                    && java.util.Arrays.stream(declared).anyMatch(d -> d.isAssignableFrom(c))) {
                Exception e = (Exception) c.getConstructor(String.class).newInstance(message);
                e.initCause(cause);
                return e;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError cannotRebuild) {
            // fall through to the generic wrapper
        }
        return new TaskFailedException(type, message, cause);
    }
}
