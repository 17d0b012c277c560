package io.ipc4j.internal.manager;

/** Server-side facts about the call being run, for objects that need them (locks). */
public final class ManagerCall {
    private static final ThreadLocal<ManagerCall> CURRENT = new ThreadLocal<>();

    final ManagerServer server;
    private final long session;
    long thread;
    /** How many calls from inside the server (proxies used by managed objects) this thread runs now. */
    int localDepth;
    /** Set before the call's thread is interrupted because the calling process went away. */
    private volatile boolean callerGone;

    ManagerCall(ManagerServer server, long session) {
        this.server = server;
        this.session = session;
    }

    void bind() {
        CURRENT.set(this);
    }

    /** @throws IllegalStateException outside a server thread running a call */
    public static ManagerCall current() {
        ManagerCall c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("not in a manager server thread running a call");
        }
        return c;
    }

    /** The current call, or null outside a server thread running one. */
    static ManagerCall currentOrNull() {
        return CURRENT.get();
    }

    /** The call from a client being run now: null outside one, and inside a call a managed object makes itself. */
    static ManagerCall remoteOrNull() {
        ManagerCall c = CURRENT.get();
        return c == null || c.localDepth > 0 ? null : c;
    }

    void markCallerGone() {
        callerGone = true;
    }

    /** Whether the calling process went away during this call (its thread is then interrupted). */
    boolean callerGone() {
        return callerGone;
    }

    /** The calling client process: one id per connected process, stable while it lives. */
    public long callerSession() {
        return session;
    }

    /** The calling thread, unique within its session. */
    public long callerThread() {
        return thread;
    }

    /**
     * Adds {@code object} to the server as a new managed object of {@code typeId} and returns
     * a reference to it: returned from the call, it reaches the caller counted.
     */
    public ManagedRef newObject(String typeId, Object object) {
        TypeTable.Type type = server.types.get(typeId);
        return ManagedRef.transientLocal(server, typeId, server.table.add(object, type));
    }

    /** Runs {@code action} once when client process {@code session} disconnects or dies (of the current call's server). */
    public static void onSessionEnd(long session, Runnable action) {
        current().server.onSessionEnd(session, action);
    }
}
