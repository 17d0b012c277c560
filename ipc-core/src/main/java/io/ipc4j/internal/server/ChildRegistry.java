package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What each child is told when it dials back: keyed by the one-time token passed in its
 * environment, the child gets its name and its target. A spare child, started before it
 * has a target, dials back and waits: its reply goes out when a target is assigned. It
 * dials back before it warms up and says when its warm-up is done; a target assigned in
 * between ends the warm-up there.
 */
public final class ChildRegistry {

    /** What a child needs to run. */
    public record Launch(String name, byte[] target) {
    }

    private record Waiting(Session session, int requestId, boolean warm) {
    }

    private final Map<String, Launch> assigned = new HashMap<>();
    private final Map<String, Waiting> spares = new HashMap<>();
    private final Map<String, Boolean> expected = new HashMap<>();
    /** The connection each child dialed back on, while it runs. */
    private final Map<String, Session> sessions = new HashMap<>();

    /** A child with this token will dial back; its launch may be given now or later. */
    public synchronized void expect(String token) {
        expected.put(token, Boolean.TRUE);
    }

    /** Gives the child with this token its target, now if it is already waiting. */
    public synchronized void assign(String token, Launch launch) {
        Waiting w = spares.remove(token);
        if (w != null) {
            expected.remove(token);
            w.session().reply(w.requestId(), Op.STATUS_OK, payload(launch));
        } else {
            assigned.put(token, launch);
        }
    }

    /** Whether the child with this token has dialed back and waits for a target (it may still be warming up). */
    public synchronized boolean isWaiting(String token) {
        Waiting w = spares.get(token);
        return w != null && !w.session().isClosed();
    }

    /** Whether the child with this token waits for a target and has finished its warm-up. */
    public synchronized boolean isReady(String token) {
        Waiting w = spares.get(token);
        return w != null && w.warm() && !w.session().isClosed();
    }

    /** Whether the child with this token dialed back at some point (its connection may have closed since). */
    public synchronized boolean dialedBack(String token) {
        return sessions.containsKey(token);
    }

    /** Whether the child with this token never dialed back: it is still expected. */
    public synchronized boolean neverConnected(String token) {
        return expected.containsKey(token);
    }

    public synchronized void forget(String token) {
        expected.remove(token);
        assigned.remove(token);
        spares.remove(token);
        sessions.remove(token);
    }

    /**
     * Closes the connection of the child with this token, as if it had hung up: what the
     * broker handed it and it did not take goes back to its queue, and its parked requests
     * end. For a child that counts as ended while its connection may stay open (its host
     * was lost: the process may still run, cut off, or be gone without a word).
     */
    public void cutOff(String token) {
        Session s;
        synchronized (this) {
            s = sessions.remove(token);
        }
        if (s != null) {
            s.close();
        }
    }

    synchronized void hello(Session s, int id, FrameReader r) {
        String token = r.getString();
        if (!expected.containsKey(token)) {
            s.replyError(id, RemoteError.IPC, "unknown or already used child token");
            return;
        }
        sessions.put(token, s);
        Launch launch = assigned.remove(token);
        if (launch == null) {
            spares.put(token, new Waiting(s, id, false));
            return;
        }
        expected.remove(token);
        s.reply(id, Op.STATUS_OK, w -> encode(w, launch));
    }

    /** A waiting spare finished its warm-up; one that got its target meanwhile is no longer waiting. */
    synchronized void warm(Session s, FrameReader r) {
        String token = r.getString();
        Waiting w = spares.get(token);
        if (w != null && w.session() == s) {
            spares.put(token, new Waiting(s, w.requestId(), true));
        }
    }

    /** The size of the reply that gives a child its launch: it must fit in one frame. */
    public static long replyBytes(Launch l) {
        // [REPLY][request id][status] then the name and the target, each length-prefixed
        return 1 + 4 + 1 + 4 + (long) l.name().getBytes(StandardCharsets.UTF_8).length + 4 + l.target().length;
    }

    /** What the reply that hands a spare its target carries, after the reply's header. */
    public static Consumer<FrameWriter> payload(Launch l) {
        return out -> encode(out, l);
    }

    private static void encode(FrameWriter w, Launch l) {
        w.putString(l.name()).putBytes(l.target());
    }
}
