package io.ipc4j.internal.pool;

import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.SharedMemory;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loop a pool worker process runs: take a chunk, apply the job's function to each
 * item, send the results (or the exception) back, until told to stop, the pool goes away,
 * or it has done its {@code maxTasksPerChild}.
 *
 * <p>To a worker: {@code [TASK][job][chunk][kind][slot][has fn][fn bytes?][where][items?]} or
 * {@code [STOP]}. Back: {@code [job][chunk][OK][where][items?]} or
 * {@code [job][chunk][FAILED][type][message][trace]}. {@code where} says whether the items
 * follow in the message ({@link #INLINE}) or sit in the chunk's slot of the worker's
 * {@link ChunkSlots} ({@link #IN_SLOT}).
 */
public final class PoolWorker {
    static final byte TASK = 1;
    static final byte STOP = 2;
    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte INLINE = 0;
    static final byte IN_SLOT = 1;
    /** Functions a worker keeps by job; the pool keeps the same count per worker in the same order. */
    static final int FUNCTIONS_KEPT = 16;

    /**
     * What a worker is started with.
     *
     * @param slots the worker's {@link ChunkSlots}, or null when chunks travel in the pipe
     */
    public record Settings(SerializableRunnable initializer, int maxTasks, SharedMemory slots) {
        Settings withSlots(SharedMemory slots) {
            return new Settings(initializer, maxTasks, slots);
        }
    }

    private PoolWorker() {
    }

    public static void run(Connection conn, Settings settings) throws Exception {
        if (settings.initializer() != null) {
            settings.initializer().run();
        }
        ByteBuffer block = settings.slots() == null ? null : settings.slots().buffer();
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
            int slot = r.getByte();
            byte[] reply;
            try {
                Object fn = r.getByte() == 1 ? ObjectCodec.fromBytes(r.getBytes()) : functions.get(job);
                functions.put(job, fn);
                Items items;
                if (r.getByte() == IN_SLOT) {
                    VarHandle.acquireFence();
                    items = Items.read(ChunkSlots.slot(block, slot));
                } else {
                    items = Items.read(r.rest());
                }
                reply = results(job, chunk, Task.run(kind, fn, items), block, slot);
            } catch (Throwable t) {
                reply = failure(job, chunk, t);
            }
            try {
                conn.sendBytes(reply);
            } catch (io.ipc4j.FrameTooLargeException tooLarge) {
                conn.sendBytes(failure(job, chunk, tooLarge));
            }
            if (settings.maxTasks() > 0 && ++done >= settings.maxTasks()) {
                return;
            }
        }
    }

    /** The reply for results: in the chunk's slot when they fit there, else in the message. */
    private static byte[] results(long job, int chunk, Items results, ByteBuffer block, int slot) {
        int size = results.encodedSize();
        if (block != null && size <= ChunkSlots.SLOT_BYTES) {
            results.writeTo(ChunkSlots.slot(block, slot));
            VarHandle.releaseFence();
            return new FrameWriter(16).putLong(job).putInt(chunk).putByte(OK).putByte(IN_SLOT).toBytes();
        }
        FrameWriter w = new FrameWriter(14 + size).putLong(job).putInt(chunk).putByte(OK).putByte(INLINE);
        results.writeTo(w.reserve(size));
        return w.toBytes();
    }

    private static byte[] failure(long job, int chunk, Throwable t) {
        return new FrameWriter(256).putLong(job).putInt(chunk).putByte(FAILED).putString(t.getClass().getName())
                .putString(String.valueOf(t.getMessage())).putString(RemoteErrors.trace(t)).toBytes();
    }
}
