package io.ipc4j.internal.manager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects a server holds and who counts them: each client process (session), references
 * in flight between processes, and references the server itself holds inside other objects.
 * An object goes when its count reaches zero; a session that ends gives back all of its counts.
 */
final class ObjectTable {
    /** One managed object. */
    static final class Entry {
        final Object object;
        final TypeTable.Type type;
        /** All counts, and those of references in flight. Guarded by the table. */
        int count;
        int inFlight;

        Entry(Object object, TypeTable.Type type) {
            this.object = object;
            this.type = type;
        }
    }

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Counts by session, then by object id. Guarded by this. */
    private final Map<Long, Map<Long, int[]>> sessions = new HashMap<>();
    /** References held by the server inside other objects. Guarded by this. */
    private int held;

    Entry get(long id) {
        return entries.get(id);
    }

    /** Adds an object with no count yet: the reply that names it counts it for the caller. */
    long add(Object object, TypeTable.Type type) {
        long id = ids.incrementAndGet();
        entries.put(id, new Entry(object, type));
        return id;
    }

    private Entry require(long id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new IllegalStateException("the manager holds no object #" + id + " any more");
        }
        return e;
    }

    synchronized void countFor(long session, long id) {
        require(id).count++;
        sessions.computeIfAbsent(session, s -> new HashMap<>()).computeIfAbsent(id, i -> new int[1])[0]++;
    }

    synchronized void countInFlight(long id) {
        Entry e = require(id);
        e.count++;
        e.inFlight++;
    }

    /**
     * A reference was read in {@code session}: it takes over an in-flight count, or, when the
     * same bytes are read a second time (a pool sends one serialized task to many workers),
     * takes a count of its own.
     */
    synchronized void adopt(long session, long id) {
        takeOverInFlight(require(id));
        sessions.computeIfAbsent(session, s -> new HashMap<>()).computeIfAbsent(id, i -> new int[1])[0]++;
    }

    /** The server holds the object from now on, taking over an in-flight count or adding one. */
    synchronized void hold(long id, boolean fromInFlight) {
        Entry e = require(id);
        if (fromInFlight) {
            takeOverInFlight(e);
        } else {
            e.count++;
        }
        held++;
    }

    private static void takeOverInFlight(Entry e) {
        if (e.inFlight > 0) {
            e.inFlight--;
        } else {
            e.count++;
        }
    }

    synchronized void releaseHeld(long id) {
        held--;
        drop(id, 1);
    }

    synchronized void release(long session, long id) {
        Map<Long, int[]> counts = sessions.get(session);
        int[] n = counts == null ? null : counts.get(id);
        if (n == null) {
            return;
        }
        if (--n[0] == 0) {
            counts.remove(id);
        }
        drop(id, 1);
    }

    /** Gives back every count of a client process that disconnected. */
    synchronized void sessionEnded(long session) {
        Map<Long, int[]> counts = sessions.remove(session);
        if (counts != null) {
            counts.forEach((id, n) -> drop(id, n[0]));
        }
    }

    private void drop(long id, int n) {
        Entry e = entries.get(id);
        if (e != null && (e.count -= n) <= 0) {
            entries.remove(id);
        }
    }

    synchronized int held() {
        return held;
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}
