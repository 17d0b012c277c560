package io.ipc4j.internal.server;

import io.ipc4j.internal.rpc.RemoteError;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.Op;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each child is told when it dials back: keyed by the one-time token passed in its
 * environment, the child gets its name and its target.
 */
public final class ChildRegistry {

    /** What a child needs to run. */
    public record Launch(String name, byte[] target) {
    }

    private final Map<String, Launch> waiting = new ConcurrentHashMap<>();

    public void expect(String token, Launch launch) {
        waiting.put(token, launch);
    }

    public void forget(String token) {
        waiting.remove(token);
    }

    void hello(Session s, int id, FrameReader r) {
        String token = r.getString();
        Launch launch = waiting.remove(token);
        if (launch == null) {
            s.replyError(id, RemoteError.IPC, "unknown or already used child token");
            return;
        }
        s.reply(id, Op.STATUS_OK, w -> encode(w, launch));
    }

    private static void encode(FrameWriter w, Launch l) {
        w.putString(l.name()).putBytes(l.target());
    }
}
