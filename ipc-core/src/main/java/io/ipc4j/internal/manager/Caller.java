package io.ipc4j.internal.manager;

/**
 * Who is calling a managed object: the client process (its session) of a server, and its
 * thread, as {@link ManagerCall} says on the server thread running the call. Tests of the
 * server objects, which call them directly, name a caller with {@link #runAs}.
 *
 * @param server the server the session is of (sessions are numbered per server), null in tests
 */
record Caller(Object server, long session, long thread) {
    private static final ThreadLocal<Caller> GIVEN = new ThreadLocal<>();

    /** The caller of the managed call running in this thread. */
    static Caller current() {
        Caller given = GIVEN.get();
        if (given != null) {
            return given;
        }
        ManagerCall call = ManagerCall.current();
        return new Caller(call.server, call.callerSession(), call.callerThread());
    }

    /** Runs {@code body} as if called by {@code caller}: for tests of the server objects. */
    static <T, E extends Exception> T runAs(Caller caller, ThrowingSupplier<T, E> body) throws E {
        Caller before = GIVEN.get();
        GIVEN.set(caller);
        try {
            return body.get();
        } finally {
            GIVEN.set(before);
        }
    }

    /** Whether callers are named by tests, so that no session end is registered with a server. */
    static boolean given() {
        return GIVEN.get() != null;
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }
}
