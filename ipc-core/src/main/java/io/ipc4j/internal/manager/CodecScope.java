package io.ipc4j.internal.manager;

/**
 * What the thread is serializing or deserializing, for {@link ManagedRefSerializer}: the
 * arguments of a call to (or the reply from) one client's server, or, in a server, the
 * arguments from (or the reply to) one session. Outside both, a reference is written "in flight".
 */
final class CodecScope {
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    /**
     * In a server: the call of {@code session}; {@code counted} (null when reading) collects
     * the ids counted for the session while a reply is written, to give back if it is not sent.
     */
    record ServerSide(ManagerServer server, long session, java.util.List<Long> counted) {
        ServerSide(ManagerServer server, long session) {
            this(server, session, null);
        }
    }

    private CodecScope() {
    }

    static Object enter(Object scope) {
        Object previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    static void exit(Object previous) {
        CURRENT.set(previous);
    }

    static Object current() {
        return CURRENT.get();
    }
}
