package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.Op;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the two ends of a pipe find each other. The first end to be used, in whatever
 * process, listens on a private socket and registers its address here; the second end
 * gets that address and dials it. Messages then flow between the two directly.
 * Each end may be claimed by one process only.
 *
 * <p>A meeting is opened when the coordinator makes the pipe, and forgotten once the
 * second end has been told where to dial, or when no process can use the pipe any more
 * ({@link #forget}); a claim of a forgotten pipe is refused as a second claim.
 */
public final class PipeRendezvous {

    private static final class Meeting {
        final long[] claimedBy = {0, 0};
        int listenerSide = -1;
        String address;
        final List<Runnable> dialers = new ArrayList<>();
    }

    private final Map<String, Meeting> meetings = new HashMap<>();

    /** A new pipe, whose ends may now be claimed. */
    public synchronized void open(String pipe) {
        meetings.put(pipe, new Meeting());
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
        if (m == null) {
            if (op == Op.PIPE_CLAIM) {
                s.replyError(id, RemoteError.ILLEGAL_STATE, "this end of the pipe is already in use in another "
                        + "process, or its pipe is gone; each end can be used by one process");
            } else {
                s.replyOk(id); // the listener of a pipe forgotten meanwhile: no one will dial
            }
            return;
        }
        if (op == Op.PIPE_CLAIM) {
            long pid = r.getLong();
            if (m.claimedBy[side] != 0) {
                s.replyError(id, RemoteError.ILLEGAL_STATE, "this end of the pipe is already in use in process "
                        + m.claimedBy[side] + "; each end can be used by one process");
                return;
            }
            m.claimedBy[side] = pid;
            if (m.listenerSide < 0) {
                m.listenerSide = side;
                s.reply(id, Op.STATUS_LISTEN, null);
            } else if (m.address != null) {
                String address = m.address;
                s.reply(id, Op.STATUS_DIAL, w -> w.putString(address));
                meetings.remove(pipe);
            } else {
                m.dialers.add(() -> s.reply(id, Op.STATUS_DIAL, w -> w.putString(m.address)));
            }
        } else {
            m.address = r.getString();
            if (!m.dialers.isEmpty()) {
                m.dialers.forEach(Runnable::run);
                meetings.remove(pipe);
            }
            s.replyOk(id);
        }
    }
}
