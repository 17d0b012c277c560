package io.ipc4j.internal.pool;

import io.ipc4j.RemoteTraceback;
import io.ipc4j.TaskFailedException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * An exception crossing from a worker to the caller: sent as class name, message and stack
 * trace text, and rebuilt as the same unchecked type when it has a message constructor,
 * else as a {@link TaskFailedException}; the worker's trace becomes a {@link RemoteTraceback} cause.
 */
final class RemoteErrors {
    private RemoteErrors() {
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static RuntimeException rebuild(String type, String message, String trace) {
        RemoteTraceback cause = new RemoteTraceback(trace);
        try {
            Class<?> c = Class.forName(type, false, Thread.currentThread().getContextClassLoader());
            if (RuntimeException.class.isAssignableFrom(c)) {
                RuntimeException e = (RuntimeException) c.getConstructor(String.class).newInstance(message);
                e.initCause(cause);
                return e;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError cannotRebuild) {
            // fall through to the generic wrapper
        }
        return new TaskFailedException(type, message, cause);
    }
}
