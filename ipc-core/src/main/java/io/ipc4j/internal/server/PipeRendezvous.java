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
 */
public final class PipeRendezvous {

    private static final class Meeting {
        final long[] claimedBy = {0, 0};
        int listenerSide = -1;
        String address;
        final List<Runnable> dialers = new ArrayList<>();
    }

    private final Map<String, Meeting> meetings = new HashMap<>();

    synchronized void handle(Session s, byte op, int id, FrameReader r) {
        String pipe = r.getString();
        int side = r.getByte();
        if (side != 0 && side != 1) {
            s.replyError(id, RemoteError.ILLEGAL_ARGUMENT, "bad pipe side " + side);
            return;
        }
        Meeting m = meetings.computeIfAbsent(pipe, k -> new Meeting());
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
            } else {
                m.dialers.add(() -> s.reply(id, Op.STATUS_DIAL, w -> w.putString(m.address)));
            }
        } else {
            m.address = r.getString();
            m.dialers.forEach(Runnable::run);
            m.dialers.clear();
            s.replyOk(id);
        }
    }
}
