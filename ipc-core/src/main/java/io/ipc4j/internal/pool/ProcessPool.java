package io.ipc4j.internal.pool;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.Context;
import io.ipc4j.IpcException;
import io.ipc4j.Pipe;
import io.ipc4j.WorkerLostException;
import io.ipc4j.internal.pipe.ConnectionWaiter;
import io.ipc4j.internal.pipe.PipeEnd;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of worker JVMs. One dispatcher thread hands chunks to idle workers over their
 * pipes, takes results back, and watches the workers: a worker whose pipe ends or whose
 * process is gone is replaced, and its chunk queued again at the front (or failed once it
 * has been tried {@code retries} more times).
 */
public final class ProcessPool extends AbstractPool {
    private static final Duration WAIT_SLICE = Duration.ofMillis(50);
    private static final long LIVENESS_CHECK_NANOS = 200_000_000L;

    private final Context context;
    private final int size;
    private final int retries;
    private final PoolWorker.Settings settings;
    private final Object lock = new Object();
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<ChildProcess> exited = new ArrayList<>();
    private final Thread dispatcher;
    private volatile boolean terminated;
    private volatile boolean finished;
    /** Set with each unpark of the dispatcher: new chunks, close or terminate. */
    private volatile boolean nudged;
    private int started;
    /** Workers lost in a row with no chunk finished in between: a pool whose workers cannot live stops trying. */
    private int lostInARow;
    private volatile RuntimeException broken;

    /** One worker process and what it is doing. */
    private static final class Worker {
        final ChildProcess process;
        final Connection conn;
        /** The jobs whose function this worker holds: the same LRU as {@link PoolWorker}'s, fed the same way. */
        final Map<Long, Boolean> knowsJob = new LinkedHashMap<>(PoolWorker.FUNCTIONS_KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > PoolWorker.FUNCTIONS_KEPT;
            }
        };
        Chunk current;
        int done;

        Worker(ChildProcess process, Connection conn) {
            this.process = process;
            this.conn = conn;
        }
    }

    public ProcessPool(Context context, int size, PoolWorker.Settings settings, int chunkSize, int retries) {
        super(chunkSize);
        this.context = context;
        this.size = size;
        this.settings = settings;
        this.retries = retries;
        synchronized (lock) {
            for (int i = 0; i < size; i++) {
                workers.add(startWorker());
            }
        }
        dispatcher = new Thread(this::dispatch, "ipc4j-pool-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    private Worker startWorker() {
        Pipe pipe = context.pipe();
        ChildProcess p = context.process(PoolWorker::run, pipe.right(), settings)
                .name("PoolWorker-" + (++started)).daemon(true).start();
        return new Worker(p, pipe.left());
    }

    @Override
    boolean sendsToProcesses() {
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    void run(Job job, List<Chunk> chunks) {
        synchronized (lock) {
            if (terminated) {
                throw new IllegalStateException("the pool was terminated");
            }
            if (broken != null) {
                throw broken;
            }
            queue.addAll(chunks);
        }
        nudge();
    }

    private void nudge() {
        nudged = true;
        LockSupport.unpark(dispatcher);
    }

    // ---- the dispatcher thread

    private void dispatch() {
        long lastLivenessCheck = System.nanoTime();
        try {
            while (!terminated) {
                nudged = false;
                List<Connection> watching = new ArrayList<>();
                synchronized (lock) {
                    assignChunks();
                    if (closed && queue.isEmpty() && workers.stream().allMatch(w -> w.current == null)) {
                        stopWorkers();
                        return;
                    }
                    workers.forEach(w -> watching.add(w.conn));
                }
                for (Connection ready : ConnectionWaiter.await(watching, WAIT_SLICE, () -> nudged)) {
                    Worker w = workerOf(ready);
                    if (w != null) {
                        take(w);
                    }
                }
                if (System.nanoTime() - lastLivenessCheck > LIVENESS_CHECK_NANOS) {
                    lastLivenessCheck = System.nanoTime();
                    List<Worker> dead = new ArrayList<>();
                    synchronized (lock) {
                        workers.stream().filter(w -> !w.process.isAlive()).forEach(dead::add);
                    }
                    dead.forEach(this::lost);
                }
            }
        } catch (RuntimeException e) {
            if (!terminated) {
                broken = new IpcException("the pool's dispatcher failed, so the pool is unusable: " + e, e);
                abandonAll(broken);
                List<ChildProcess> all;
                synchronized (lock) {
                    all = new ArrayList<>(exited);
                    workers.forEach(w -> all.add(w.process));
                }
                all.forEach(ChildProcess::kill);
            }
        } finally {
            finished = true;
        }
    }

    private Worker workerOf(Connection c) {
        synchronized (lock) {
            for (Worker w : workers) {
                if (w.conn == c) {
                    return w;
                }
            }
        }
        return null;
    }

    private void assignChunks() {
        for (Worker w : workers) {
            if (w.current != null) {
                continue;
            }
            Chunk next = queue.pollFirst();
            while (next != null && next.job.isDone()) {
                next.job.skip(next.index);
                next = queue.pollFirst();
            }
            if (next == null) {
                return;
            }
            FrameWriter task = new FrameWriter(32 + next.encoded.length).putByte(PoolWorker.TASK)
                    .putLong(next.job.id).putInt(next.index).putByte(next.job.kind);
            boolean knows = w.knowsJob.containsKey(next.job.id);
            w.knowsJob.put(next.job.id, Boolean.TRUE);
            if (knows) {
                task.putByte(0);
            } else {
                task.putByte(1).putBytes(next.job.fnBytes);
            }
            task.putRaw(next.encoded, 0, next.encoded.length);
            w.current = next;
            try {
                w.conn.sendBytes(task.toBytes());
            } catch (ConnectionEOFException | IllegalStateException gone) {
                // noticed as a lost worker on the next look
            } catch (RuntimeException unsendable) {
                // too large for a frame, say: this chunk fails, the worker and the pool go on
                w.current = null;
                w.knowsJob.remove(next.job.id);
                next.job.failed(next.index, unsendable);
            }
        }
    }

    private void take(Worker w) {
        byte[] reply;
        try {
            reply = w.conn.recvBytes(Duration.ZERO);
        } catch (ConnectionEOFException e) {
            lost(w);
            return;
        } catch (io.ipc4j.IpcTimeoutException notYet) {
            return;
        }
        FrameReader r = new FrameReader(reply);
        long job = r.getLong();
        int index = r.getInt();
        Chunk chunk;
        synchronized (lock) {
            chunk = w.current;
            w.current = null;
            w.done++;
            lostInARow = 0;
        }
        if (chunk != null && chunk.job.id == job && chunk.index == index) {
            if (r.getByte() == PoolWorker.OK) {
                try {
                    chunk.job.succeeded(index, Items.read(r));
                } catch (RuntimeException e) {
                    chunk.job.failed(index, e);
                }
            } else {
                chunk.job.failed(index, RemoteErrors.rebuild(r.getString(), r.getString(), r.getString()));
            }
        }
        if (settings.maxTasks() > 0 && w.done >= settings.maxTasks()) {
            retire(w);
        }
    }

    /** A worker that did its share of tasks leaves; a fresh one takes its place. */
    private void retire(Worker w) {
        synchronized (lock) {
            workers.remove(w);
            exited.add(w.process);
            if (!closed && !terminated) {
                workers.add(startWorker());
            }
        }
        w.conn.close();
    }

    /** A worker died: its chunk goes to another (or fails), and a new worker takes its place. */
    private void lost(Worker w) {
        Chunk chunk;
        synchronized (lock) {
            if (!workers.remove(w)) {
                return;
            }
            exited.add(w.process);
            chunk = w.current;
            w.current = null;
            if (chunk != null && chunk.job.isDone()) {
                chunk.job.skip(chunk.index);
            } else if (chunk != null) {
                if (++chunk.attempts > retries) {
                    chunk.job.failed(chunk.index, new WorkerLostException("a pool worker (pid "
                            + w.process.pid() + ") died running " + chunk.describe() + "; tried "
                            + chunk.attempts + " time" + (chunk.attempts == 1 ? "" : "s")));
                } else {
                    queue.addFirst(chunk);
                }
            }
            if (++lostInARow > 3 * size) {
                broken = new WorkerLostException("the pool's workers keep dying before they finish any work ("
                        + lostInARow + " in a row, the last with exit code " + w.process.exitCode() + "); see their "
                        + "stderr");
            } else if (!terminated && (!closed || !queue.isEmpty())) {
                workers.add(startWorker());
            }
        }
        w.process.kill();
        ((PipeEnd) w.conn).abort();
        if (broken != null) {
            abandonAll(broken);
        }
    }

    private void stopWorkers() {
        for (Worker w : workers) {
            try {
                w.conn.sendBytes(new byte[] {PoolWorker.STOP});
            } catch (RuntimeException gone) {
                w.process.kill();
            }
        }
    }

    private void abandonAll(RuntimeException why) {
        List<Chunk> pending;
        synchronized (lock) {
            pending = new ArrayList<>(queue);
            queue.clear();
            workers.stream().filter(w -> w.current != null).forEach(w -> pending.add(w.current));
        }
        pending.forEach(c -> c.job.abandon(why));
    }

    // ---- lifetime

    @Override
    public void close() {
        closed = true;
        nudge();
        join();
    }

    @Override
    public void terminate() {
        closed = true;
        terminated = true;
        abandonAll(new IllegalStateException("the pool was terminated"));
        List<ChildProcess> all;
        synchronized (lock) {
            all = new ArrayList<>(exited);
            workers.forEach(w -> all.add(w.process));
        }
        all.forEach(ChildProcess::kill);
        synchronized (lock) {
            workers.forEach(w -> ((PipeEnd) w.conn).abort());
        }
        nudge();
        join(Duration.ofSeconds(10));
    }

    @Override
    public void join() {
        while (!join(Duration.ofSeconds(1))) {
            Thread.onSpinWait();
        }
    }

    @Override
    public boolean join(Duration timeout) {
        if (!closed) {
            throw new IllegalStateException("join() needs a closed or terminated pool");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            dispatcher.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while joining the pool");
        }
        if (!finished) {
            return false;
        }
        List<ChildProcess> all;
        synchronized (lock) {
            all = new ArrayList<>(exited);
            workers.forEach(w -> all.add(w.process));
        }
        for (ChildProcess p : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ProcessPool[" + size + " workers" + (terminated ? ", terminated" : closed ? ", closed" : "") + "]";
    }
}
