package io.ipc4j.internal.pool;

import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loop a pool worker process runs: take a chunk, apply the job's function to each
 * item, send the results (or the exception) back, until told to stop, the pool goes away,
 * or it has done its {@code maxTasksPerChild}.
 *
 * <p>To a worker: {@code [TASK][job][chunk][kind][has fn][fn bytes?][items]} or {@code [STOP]}.
 * Back: {@code [job][chunk][OK][items]} or {@code [job][chunk][FAILED][type][message][trace]}.
 */
public final class PoolWorker {
    static final byte TASK = 1;
    static final byte STOP = 2;
    static final byte OK = 0;
    static final byte FAILED = 1;
    /** Functions a worker keeps by job; the dispatcher keeps the same count per worker in the same order. */
    static final int FUNCTIONS_KEPT = 16;

    /** What every worker of a pool is started with. */
    public record Settings(SerializableRunnable initializer, int maxTasks) {
    }

    private PoolWorker() {
    }

    public static void run(Connection conn, Settings settings) throws Exception {
        if (settings.initializer() != null) {
            settings.initializer().run();
        }
        Map<Long, Object> functions = new LinkedHashMap<>(FUNCTIONS_KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
                return size() > FUNCTIONS_KEPT;
            }
        };
        int done = 0;
        while (true) {
            byte[] message;
            try {
                message = conn.recvBytes();
            } catch (ConnectionEOFException poolGone) {
                return;
            }
            FrameReader r = new FrameReader(message);
            if (r.getByte() == STOP) {
                return;
            }
            long job = r.getLong();
            int chunk = r.getInt();
            byte kind = r.getByte();
            FrameWriter reply = new FrameWriter(64).putLong(job).putInt(chunk);
            try {
                Object fn = r.getByte() == 1 ? ObjectCodec.fromBytes(r.getBytes()) : functions.get(job);
                functions.put(job, fn);
                Items results = Task.run(kind, fn, Items.read(r));
                FrameWriter ok = new FrameWriter(16 + results.size() * 4).putLong(job).putInt(chunk).putByte(OK);
                results.writeTo(ok);
                reply = ok;
            } catch (Throwable t) {
                reply.putByte(FAILED).putString(t.getClass().getName())
                        .putString(String.valueOf(t.getMessage())).putString(RemoteErrors.trace(t));
            }
            try {
                conn.sendBytes(reply.toBytes());
            } catch (io.ipc4j.FrameTooLargeException tooLarge) {
                conn.sendBytes(new FrameWriter(256).putLong(job).putInt(chunk).putByte(FAILED)
                        .putString(tooLarge.getClass().getName()).putString(String.valueOf(tooLarge.getMessage()))
                        .putString(RemoteErrors.trace(tooLarge)).toBytes());
            }
            if (settings.maxTasks() > 0 && ++done >= settings.maxTasks()) {
                return;
            }
        }
    }
}
