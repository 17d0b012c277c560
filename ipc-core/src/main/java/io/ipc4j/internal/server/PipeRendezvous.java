package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.Op;
import io.ipc4j.internal.wire.PipeIntent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the two ends of a pipe find each other. The first end to be used, in whatever
 * process, listens on a private socket and registers its address here; the second end
 * gets that address and dials it. Messages then flow between the two directly.
 * Each end may be claimed by one process only.
 *
 * <p>It also tells a listening end when its peer will never come. Until an end is claimed,
 * this keeps the processes that hold a copy of it: the context that made it, until that
 * hands it to a child as part of the child's target; then those children. A copy passed on
 * in any other way (a queue, a pipe, a pool, a grandchild) makes the holders unknown, and
 * the end is never given up. An unclaimed end whose known holders have all ended or closed
 * it without using it is dead: the other end reads end-of-file, and no one can claim it.
 *
 * <p>A meeting is opened when the coordinator makes the pipe, and forgotten once the
 * second end has been told where to dial, when both ends are dead, or when no process can
 * use the pipe any more ({@link #forget}); a claim of a forgotten pipe is refused as a
 * second claim.
 */
public final class PipeRendezvous {

    private static final class Meeting {
        final long[] claimedBy = {0, 0};
        int listenerSide = -1;
        String address;
        final List<Dialer> dialers = new ArrayList<>();
        /** Per side, the session that claimed it. */
        final Session[] claimedIn = {null, null};
        /** Per side, the pids of the processes known to hold an unclaimed copy. */
        final List<Set<Long>> holders = List.of(new HashSet<>(), new HashSet<>());
        /** Per side: a copy went where it cannot be followed, so the side never dies. */
        final boolean[] untracked = {false, false};
        final boolean[] dead = {false, false};
        /** The listener's registration, answered when its peer claims its end or dies. */
        Session registeredBy;
        int registrationId;
    }

    /** A claim of the second end, answered with the address once the listener publishes it. */
    private record Dialer(Session session, int id) {
    }

    private final Map<String, Meeting> meetings = new HashMap<>();

    /** A pipe made in the coordinator's process {@code pid}, which holds both ends. */
    public synchronized void created(String pipe, long pid) {
        Meeting m = new Meeting();
        m.holders.get(0).add(pid);
        m.holders.get(1).add(pid);
        meetings.put(pipe, m);
    }

    /** Process {@code from} gave its copy of an end to the child {@code to}, in the child's target. */
    public synchronized void handedOver(String pipe, int side, long from, long to) {
        Meeting m = meetings.get(pipe);
        if (m != null && !m.dead[side]) {
            m.holders.get(side).remove(from);
            m.holders.get(side).add(to);
        }
    }

    /** Process {@code pid} ended: the ends only it held, unused, are dead. */
    public synchronized void holderGone(long pid) {
        for (Meeting m : meetings.values()) {
            for (int side = 0; side < 2; side++) {
                if (m.holders.get(side).remove(pid)) {
                    dieIfNoOneHolds(m, side);
                }
            }
        }
        meetings.values().removeIf(m -> m.dead[0] && m.dead[1]);
    }

    /** Forgets a pipe that no process can use any more (its ends were dropped unused). */
    public synchronized void forget(String pipe) {
        meetings.remove(pipe);
    }

    /** How many pipes have ends that have not met yet. */
    public synchronized int size() {
        return meetings.size();
    }

    synchronized void handle(Session s, byte op, int id, FrameReader r) {
        String pipe = r.getString();
        int side = r.getByte();
        if (side != 0 && side != 1) {
            s.replyError(id, RemoteError.ILLEGAL_ARGUMENT, "bad pipe side " + side);
            return;
        }
        Meeting m = meetings.get(pipe);
        if (op == Op.PIPE_CLAIM) {
            long pid = r.getLong();
            byte intent = r.getByte();
            if (intent == PipeIntent.USE) {
                if (m == null) {
                    s.replyError(id, RemoteError.ILLEGAL_STATE, "this end of the pipe is already in use in another "
                            + "process, or its pipe is gone; each end can be used by one process");
                } else {
                    claim(s, id, pipe, m, side, pid);
                }
                return;
            }
            if (m != null && intent == PipeIntent.PASSED_ON) {
                m.untracked[side] = true;
            } else if (m != null && m.holders.get(side).remove(pid)) {
                dieIfNoOneHolds(m, side);
                if (m.dead[0] && m.dead[1]) {
                    meetings.remove(pipe);
                }
            }
            s.replyOk(id);
        } else if (m == null) {
            s.replyOk(id); // the listener of a pipe forgotten meanwhile: no one will dial
        } else {
            register(s, id, pipe, m, side, r.getString());
        }
    }

    private void claim(Session s, int id, String pipe, Meeting m, int side, long pid) {
        if (m.claimedBy[side] != 0) {
            s.replyError(id, RemoteError.ILLEGAL_STATE, "this end of the pipe is already in use in process "
                    + m.claimedBy[side] + "; each end can be used by one process");
            return;
        }
        if (m.dead[side]) {
            s.replyError(id, RemoteError.ILLEGAL_STATE, "this end of the pipe was given up: the processes it was "
                    + "handed to ended or closed it without using it, and its other end was told end-of-file");
            return;
        }
        m.claimedBy[side] = pid;
        m.claimedIn[side] = s;
        if (m.dead[1 - side]) {
            s.replyError(id, RemoteError.EOF, deadPeer());
        } else if (m.listenerSide < 0) {
            m.listenerSide = side;
            s.reply(id, Op.STATUS_LISTEN, null);
        } else {
            releaseRegistration(m, Op.STATUS_OK);
            if (m.address != null) {
                String address = m.address;
                s.reply(id, Op.STATUS_DIAL, w -> w.putString(address));
                meetings.remove(pipe);
            } else {
                m.dialers.add(new Dialer(s, id));
            }
        }
    }

    /** The listener's address, for its dialer; its reply waits until the dialer claims or dies. */
    private void register(Session s, int id, String pipe, Meeting m, int side, String address) {
        m.address = address;
        if (!m.dialers.isEmpty()) {
            m.dialers.forEach(d -> d.session().reply(d.id(), Op.STATUS_DIAL, w -> w.putString(address)));
            m.dialers.clear();
            meetings.remove(pipe);
        }
        if (m.dead[1 - side]) {
            s.replyError(id, RemoteError.EOF, deadPeer());
        } else if (m.claimedBy[1 - side] != 0) {
            long dialer = m.claimedBy[1 - side];
            s.reply(id, Op.STATUS_OK, w -> w.putLong(dialer));
        } else {
            m.registeredBy = s;
            m.registrationId = id;
        }
    }

    /**
     * A process left: an end it claimed to listen on, whose address it never published, is
     * dead, and the dialers waiting for that address read end-of-file.
     */
    public synchronized void sessionClosed(Session s) {
        for (var it = meetings.values().iterator(); it.hasNext(); ) {
            Meeting m = it.next();
            int side = m.listenerSide;
            if (side >= 0 && m.claimedIn[side] == s && m.address == null) {
                m.dead[side] = true;
                m.dialers.forEach(d -> d.session().replyError(d.id(), RemoteError.EOF, deadListener()));
                m.dialers.clear();
                if (m.claimedBy[1 - side] != 0 || m.dead[1 - side]) {
                    it.remove();
                }
            }
        }
    }

    private static String deadListener() {
        return "the other end of the pipe is closed: its process ended before it was ready";
    }

    private void dieIfNoOneHolds(Meeting m, int side) {
        if (m.claimedBy[side] != 0 || m.untracked[side] || m.dead[side] || !m.holders.get(side).isEmpty()) {
            return;
        }
        m.dead[side] = true;
        if (m.listenerSide == 1 - side) {
            releaseRegistration(m, Op.STATUS_ERROR);
        }
    }

    private void releaseRegistration(Meeting m, byte status) {
        Session s = m.registeredBy;
        if (s == null) {
            return;
        }
        m.registeredBy = null;
        if (status == Op.STATUS_OK) {
            // The listener learns who dials, so that it stops waiting if that process dies first.
            long dialer = m.claimedBy[1 - m.listenerSide];
            s.reply(m.registrationId, Op.STATUS_OK, w -> w.putLong(dialer));
        } else {
            s.replyError(m.registrationId, RemoteError.EOF, deadPeer());
        }
    }

    private static String deadPeer() {
        return "the other end of the pipe is closed: the processes it was handed to ended or closed it "
                + "without using it";
    }
}
