package io.ipc4j.internal.pool;

import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.internal.ChildOutput;
import io.ipc4j.internal.RemoteErrors;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire protocol between a process pool and one of its workers, both directions: the
 * pool's end ({@link PoolEnd}) and the worker's ({@link WorkerEnd}) are the only code that
 * writes or reads its messages.
 *
 * <p>To a worker: {@code [TASK][job][chunk][kind][slot][has fn][fn bytes?][where][items?]}
 * or {@code [STOP]}. Back: first {@code [READY]}, once the worker's initializer has run; then for
 * each task {@code [job][chunk][out][err]} followed by {@code [OK][where][items?]},
 * {@code [FAILED][type][message][trace]} or {@code [NEEDS_FUNCTION]}. {@code out} and
 * {@code err} are the bytes the worker had written to its standard output and error
 * ({@link ChildOutput}), so that the pool can print them before it hands over the results.
 * {@code where} says whether the items follow in the message ({@link #INLINE}) or sit in
 * the chunk's slot of the worker's {@link ChunkSlots} ({@link #IN_SLOT}); the writer of a
 * slot fences (release) before it sends the message, the reader fences (acquire) after it
 * receives it.
 *
 * <p>A job's function crosses once per worker, not with every chunk: the worker keeps the
 * functions of its last few jobs, and the pool sends a function only when it guesses the
 * worker lacks it. The guess may be wrong (the two sides keep no common state): a worker
 * that lacks the function answers {@code NEEDS_FUNCTION} without running the chunk, and the
 * pool sends that chunk again, with the function. A wrong guess costs one round trip.
 */
final class PoolProtocol {
    /** Functions a worker keeps, by job, and the pool's guess of them holds as many. */
    static final int FUNCTIONS_KEPT = 16;

    private static final byte TASK = 1;
    private static final byte STOP = 2;
    private static final byte OK = 0;
    private static final byte FAILED = 1;
    private static final byte NEEDS_FUNCTION = 2;
    /** A frame of this byte alone; an answer to a task is longer. */
    private static final byte READY = 3;
    private static final byte INLINE = 0;
    private static final byte IN_SLOT = 1;

    private PoolProtocol() {
    }

    /** What a worker answered for a chunk. */
    sealed interface Reply permits Done, Failed, NeedsFunction {
    }

    /** What the worker had written to its standard output and error when it answered, in bytes. */
    record Printed(long out, long err) {
    }

    /** The chunk ran: its results, in order. */
    record Done(Items results, Printed printed) implements Reply {
    }

    /** The chunk failed: what it threw in the worker, or why its results could not be read. */
    record Failed(Throwable error, Printed printed) implements Reply {
    }

    /** The worker lacked the job's function and did not run the chunk: send it again, with the function. */
    record NeedsFunction() implements Reply {
    }

    private static final NeedsFunction NEEDS = new NeedsFunction();

    /** Jobs by id, forgetting the least recently used beyond a count. */
    private static <V> Map<Long, V> recentJobs(int kept) {
        return new LinkedHashMap<>(kept, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > kept;
            }
        };
    }

    /**
     * The pool's end of the pipe to one worker, used by that worker's feeder thread only. It
     * writes chunks into the worker's slots of shared memory when there are any and they fit,
     * and keeps the pool's guess of which jobs' functions the worker holds.
     */
    static final class PoolEnd {
        private final Connection conn;
        private final ByteBuffer block;
        private final Map<Long, Boolean> workerKnows = recentJobs(FUNCTIONS_KEPT);

        /** @param block the worker's {@link ChunkSlots}, or null when every chunk takes the pipe */
        PoolEnd(Connection conn, ByteBuffer block) {
            this.conn = conn;
            this.block = block;
        }

        /**
         * Sends a chunk to run, its items in {@code slot} when they fit there, else in the
         * message. Returns false, and sends nothing, when they would take the pipe and
         * {@code mayTakePipe} is false.
         */
        boolean sendTask(Chunk chunk, int slot, boolean mayTakePipe) {
            Job job = chunk.job;
            boolean inSlot = block != null && chunk.items.writeToIfFits(ChunkSlots.slot(block, slot));
            if (!inSlot && !mayTakePipe) {
                return false;
            }
            boolean knows = workerKnows.containsKey(job.id);
            FrameWriter task = new FrameWriter(32 + (knows ? 0 : job.fnBytes.length)).putByte(TASK).putLong(job.id)
                    .putInt(chunk.index).putByte(job.kind).putByte(slot);
            if (knows) {
                task.putByte(0);
            } else {
                task.putByte(1).putBytes(job.fnBytes);
            }
            if (inSlot) {
                VarHandle.releaseFence();
                task.putByte(IN_SLOT);
            } else {
                task.putByte(INLINE);
                chunk.items.writeTo(task.reserve(chunk.items.encodedSize()));
            }
            conn.sendBytes(task.toBytes());
            workerKnows.put(job.id, Boolean.TRUE);
            return true;
        }

        /** Whether {@code message}, from the worker, says it is ready: its initializer ran. */
        static boolean isReady(byte[] message) {
            return message.length == 1 && message[0] == READY;
        }

        /**
         * Whether the worker, gone before the pool read anything from it, had said it was
         * ready: what it wrote stays readable after it died. Waits up to a fifth of a second
         * for the pipe's background accept of the worker's dial.
         */
        boolean saidReady() {
            try {
                return isReady(conn.recvBytes(java.time.Duration.ofMillis(200)));
            } catch (RuntimeException nothingReadable) {
                return false;
            }
        }

        /** How many tasks the workers at this end's place have taken up, or -1 when it cannot tell ({@link ChunkSlots}). */
        long begun() {
            return ChunkSlots.begun(block);
        }

        /** Tells the worker to exit once it has answered what it holds. */
        void sendStop() {
            conn.sendBytes(new byte[] {STOP});
        }

        /**
         * Reads the worker's answer for {@code chunk}, sent with {@link #sendTask} in
         * {@code slot}; its results go into the job's result array where it offers one.
         *
         * @throws IpcException if the answer is for another chunk: the two sides disagree on
         *                      what the worker holds, and nothing it says can be trusted
         */
        Reply readReply(byte[] reply, Chunk chunk, int slot) {
            FrameReader r = new FrameReader(reply);
            long job = r.getLong();
            int index = r.getInt();
            if (chunk.job.id != job || chunk.index != index) {
                throw new IpcException("a pool worker answered chunk " + index + " of job " + job
                        + ", expected chunk " + chunk.index + " of job " + chunk.job.id);
            }
            Printed printed = new Printed(r.getLong(), r.getLong());
            byte outcome = r.getByte();
            if (outcome == NEEDS_FUNCTION) {
                workerKnows.remove(job);
                return NEEDS;
            }
            if (outcome == FAILED) {
                return new Failed(RemoteErrors.rebuild(r.getString(), r.getString(), r.getString()), printed);
            }
            try {
                if (r.getByte() == IN_SLOT) {
                    VarHandle.acquireFence();
                    return new Done(Items.read(ChunkSlots.slot(block, slot), chunk.job, chunk.start), printed);
                }
                return new Done(Items.read(r.rest(), chunk.job, chunk.start), printed);
            } catch (Throwable e) {
                // any error of a result's own reading (an AssertionError in its read, say) fails
                // its chunk; thrown on, it would stop this worker's feeder and the pool with it
                return new Failed(e, printed);
            }
        }
    }

    /** A chunk to run, as a worker received it; its function and items are decoded on demand. */
    static final class Assignment {
        final long job;
        final int chunk;
        final byte kind;
        private final int slot;
        private final FrameReader rest;
        private final byte[] fnBytes;

        private Assignment(FrameReader r) {
            job = r.getLong();
            chunk = r.getInt();
            kind = r.getByte();
            slot = r.getByte();
            fnBytes = r.getByte() == 1 ? r.getBytes() : null;
            rest = r;
        }
    }

    /** The worker's end of the pipe from its pool, and the functions it keeps. */
    static final class WorkerEnd {
        private final Connection conn;
        private final ByteBuffer block;
        private final Map<Long, Object> functions;

        /**
         * @param block the worker's {@link ChunkSlots}, or null when every chunk takes the pipe
         * @param kept  how many jobs' functions to keep
         */
        WorkerEnd(Connection conn, ByteBuffer block, int kept) {
            this.conn = conn;
            this.block = block;
            this.functions = recentJobs(kept);
        }

        /** Tells the pool this worker is ready to run chunks: its initializer ran. */
        void sendReady() {
            conn.sendBytes(new byte[] {READY});
        }

        /** The next chunk to run; null when the pool says stop or is gone. */
        Assignment next() {
            byte[] message;
            try {
                message = conn.recvBytes();
            } catch (ConnectionEOFException poolGone) {
                return null;
            } catch (Throwable t) {
                // a task too large to receive, say: it ends this worker, and counts as taken up
                begin();
                throw t;
            }
            FrameReader r = new FrameReader(message);
            return r.getByte() == STOP ? null : new Assignment(r);
        }

        /**
         * The task's function: the one it carries (kept from now on), else the one kept for its
         * job; null if neither, when the worker must {@link #askForFunction ask for it}.
         */
        Object function(Assignment task) {
            if (task.fnBytes == null) {
                return functions.get(task.job);
            }
            Object fn = ObjectCodec.fromBytes(task.fnBytes);
            functions.put(task.job, fn);
            return fn;
        }

        /** Says, before anything of the task just received is read, that this worker has taken it up ({@link ChunkSlots}). */
        void begin() {
            ChunkSlots.begin(block);
        }

        /** The task's items, from its slot or its message. */
        Items items(Assignment task) {
            if (task.rest.getByte() == IN_SLOT) {
                VarHandle.acquireFence();
                return Items.read(ChunkSlots.slot(block, task.slot));
            }
            return Items.read(task.rest.rest());
        }

        /** Answers that the task was not run for want of its function. */
        void askForFunction(Assignment task) {
            conn.sendBytes(header(task, 32).putByte(NEEDS_FUNCTION).toBytes());
        }

        /**
         * Answers with the task's results: in its slot when they fit there, else in the
         * message. Results that cannot be serialized, or make a message too large for a
         * frame, are answered as a failure instead.
         */
        void sendResults(Assignment task, Items results) {
            byte[] reply;
            try {
                reply = resultsMessage(task, results);
            } catch (Throwable unsendable) {
                sendFailure(task, unsendable);
                return;
            }
            try {
                conn.sendBytes(reply);
            } catch (FrameTooLargeException tooLarge) {
                sendFailure(task, tooLarge);
            }
        }

        private byte[] resultsMessage(Assignment task, Items results) {
            int size = results.encodedSize();
            if (block != null && size <= ChunkSlots.SLOT_BYTES) {
                results.writeTo(ChunkSlots.slot(block, task.slot));
                VarHandle.releaseFence();
                return header(task, 32).putByte(OK).putByte(IN_SLOT).toBytes();
            }
            FrameWriter w = header(task, 30 + size).putByte(OK).putByte(INLINE);
            results.writeTo(w.reserve(size));
            return w.toBytes();
        }

        /**
         * Answers that the task threw {@code t} (or could not be decoded). A failure that cannot
         * be told as it is (its message throws, or it makes a frame too large) is told in
         * short: its type and why, without the part that failed, so that the worker goes on
         * and the caller gets the task's error instead of a lost worker.
         */
        void sendFailure(Assignment task, Throwable t) {
            String message;
            String trace;
            try {
                message = String.valueOf(t.getMessage());
                trace = RemoteErrors.trace(t);
            } catch (Throwable unreadable) {
                message = "(its message could not be read: " + unreadable + ")";
                trace = "";
            }
            try {
                conn.sendBytes(failure(task, t.getClass().getName(), message, trace));
            } catch (FrameTooLargeException tooLarge) {
                conn.sendBytes(failure(task, t.getClass().getName(), shortened(message), shortened(trace)));
            }
        }

        private static byte[] failure(Assignment task, String type, String message, String trace) {
            return header(task, 272).putByte(FAILED).putString(type).putString(message).putString(trace).toBytes();
        }

        /** The first 4,000 characters of {@code s}, and how many more there were. */
        private static String shortened(String s) {
            int keep = 4_000;
            return s.length() <= keep ? s : s.substring(0, keep) + "... (" + (s.length() - keep) + " more characters)";
        }

        private static FrameWriter header(Assignment task, int capacity) {
            return new FrameWriter(capacity).putLong(task.job).putInt(task.chunk).putLong(ChildOutput.out())
                    .putLong(ChildOutput.err());
        }
    }
}
