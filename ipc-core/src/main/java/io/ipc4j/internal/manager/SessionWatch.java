package io.ipc4j.internal.manager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the server objects a client process touched when that process is gone, so that
 * they give back what it held (a lock, permits) or break what it waited on (a barrier).
 * One session-end action per session, whatever the number of objects; the objects are
 * held weakly, so an object freed while the session lives is not kept for it.
 */
final class SessionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);
    private static final Map<Key, Set<SessionBound>> WATCHED = new ConcurrentHashMap<>();

    private SessionWatch() {
    }

    /** A server object that acts when a client session ends. */
    interface SessionBound {
        void sessionEnded(long session);
    }

    /** A session of a server. */
    private record Key(Object server, long session) {
    }

    /** Makes {@code object} hear of the end of the session of {@code caller}. */
    static void watch(Caller caller, SessionBound object) {
        boolean[] first = {false};
        long session = caller.session();
        Key key = new Key(caller.server(), session);
        Set<SessionBound> set = WATCHED.computeIfAbsent(key, k -> {
            first[0] = true;
            return Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
        });
        set.add(object);
        if (first[0] && !Caller.given()) {
            ManagerCall.onSessionEnd(session, () -> ended(key));
        }
    }

    /** For tests: session {@code session} (of no server) is over. */
    static void ended(long session) {
        ended(new Key(null, session));
    }

    /** The session is over: every object it touched hears of it, once. */
    private static void ended(Key key) {
        long session = key.session();
        Set<SessionBound> set = WATCHED.remove(key);
        if (set == null) {
            return;
        }
        SessionBound[] objects;
        synchronized (set) {
            objects = set.toArray(SessionBound[]::new);
        }
        for (SessionBound o : objects) {
            try {
                o.sessionEnded(session);
            } catch (RuntimeException e) {
                LOG.warn("{} failed to let go of what ended session {} held", o, session, e);
            }
        }
    }
}
