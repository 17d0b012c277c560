package io.ipc4j.internal.pool;

import io.ipc4j.Connection;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.SharedMemory;
import io.ipc4j.internal.FaultPoints;
import io.ipc4j.internal.process.ProcessRuntime;

/**
 * The loop a pool worker process runs: take a chunk, apply the job's function to each
 * item, send the results (or the exception) back, until told to stop, the pool goes away,
 * or it has done its {@code maxTasksPerChild}. What crosses the pipe, and how, is
 * {@link PoolProtocol}'s.
 */
public final class PoolWorker {
    /**
     * What a worker is started with.
     *
     * @param slots         the worker's {@link ChunkSlots}, or null when chunks travel in the pipe
     * @param functionsKept how many jobs' functions the worker keeps; fewer than the pool
     *                      guesses it keeps only costs round trips
     */
    public record Settings(SerializableRunnable initializer, int maxTasks, SharedMemory slots, int functionsKept) {
        public Settings {
            if (functionsKept < 1) {
                throw new IllegalArgumentException("a pool worker must keep at least one function, not "
                        + functionsKept);
            }
        }

        public Settings(SerializableRunnable initializer, int maxTasks, SharedMemory slots) {
            this(initializer, maxTasks, slots, PoolProtocol.FUNCTIONS_KEPT);
        }

        Settings withSlots(SharedMemory slots) {
            return new Settings(initializer, maxTasks, slots, functionsKept);
        }
    }

    private PoolWorker() {
    }

    /**
     * Runs a worker's steps once on throwaway data (reading its target and settings, a chunk through
     * {@link Task}, its results into a slot and back), for a spare child before it has a
     * target: a worker started from it then answers its first task without loading them.
     */
    public static void warmUp() throws Exception {
        io.ipc4j.internal.wire.ObjectCodec.fromBytes(
                io.ipc4j.internal.wire.ObjectCodec.toBytes(target(null, new Settings(null, 0, null))));
        Settings read = (Settings) io.ipc4j.internal.wire.ObjectCodec.fromBytes(
                io.ipc4j.internal.wire.ObjectCodec.toBytes(new Settings(null, 0, null)));
        java.util.List<Integer> items = java.util.List.of(0, 1, 2, 3);
        io.ipc4j.SerializableFunction<Integer, Long> square = x -> (long) x * x * read.functionsKept();
        Items results = Task.run(Task.APPLY, square, Items.of(items, 0, items.size()));
        java.nio.ByteBuffer slot = java.nio.ByteBuffer.allocate(1024);
        results.writeTo(slot);
        slot.flip();
        Items.read(slot);
        Class.forName(PoolProtocol.WorkerEnd.class.getName(), true, PoolWorker.class.getClassLoader());
        Class.forName(PoolProtocol.Assignment.class.getName(), true, PoolWorker.class.getClassLoader());
    }

    /** The target of a worker process: {@link #run} over {@code conn}. */
    public static SerializableRunnable target(Connection conn, Settings settings) {
        return () -> run(conn, settings);
    }

    public static void run(Connection conn, Settings settings) throws Exception {
        if (settings.initializer() != null) {
            settings.initializer().run();
        }
        PoolProtocol.WorkerEnd pool = new PoolProtocol.WorkerEnd(conn,
                settings.slots() == null ? null : settings.slots().buffer(), settings.functionsKept());
        try {
            pool.sendReady();
        } catch (io.ipc4j.ConnectionEOFException poolGone) {
            return; // closed or terminated while this worker started
        }
        int done = 0;
        for (PoolProtocol.Assignment task = pool.next(); task != null; task = pool.next()) {
            FaultPoints.reach("pool.beforeTask");
            pool.begin();
            Answer a = answer(pool, task);
            if (a == Answer.NONE || a == Answer.RAN && settings.maxTasks() > 0 && ++done >= settings.maxTasks()) {
                return;
            }
        }
    }

    /** How a worker answered a task. */
    private enum Answer {
        /** With its results or its failure. */
        RAN,
        /** It lacked the job's function and asked for it instead. */
        ASKED,
        /** Not at all: the task failed while this process was being cut off from its coordinator. */
        NONE
    }

    private static Answer answer(PoolProtocol.WorkerEnd pool, PoolProtocol.Assignment task) {
        Items results;
        try {
            Object fn = pool.function(task);
            results = fn == null ? null : Task.run(task.kind, fn, pool.items(task));
        } catch (Throwable t) {
            Thread.interrupted(); // see below
            if (ProcessRuntime.get().cutOffFromParent()) {
                // its failure may be the lost link's (a queue's get, say): this worker is about to
                // end, and the pool runs the chunk again elsewhere, as for a worker killed in a task
                return Answer.NONE;
            }
            pool.sendFailure(task, t);
            return Answer.RAN;
        }
        // A task that left its thread's interrupt set (restoring a flag it caught, say) would
        // close the pipe at its next read or write, and end the worker: the flag was the task's
        Thread.interrupted();
        if (results == null) {
            pool.askForFunction(task);
            return Answer.ASKED;
        }
        pool.sendResults(task, results);
        return Answer.RAN;
    }
}
