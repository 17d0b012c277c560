package io.ipc4j.internal.pool;

import io.ipc4j.ChildProcess;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.SerializationException;
import io.ipc4j.SharedMemory;
import io.ipc4j.WorkerLostException;
import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.pipe.PipeEnd;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pool of worker JVMs. Each worker has a feeder thread of its own in this JVM, which
 * hands it chunks from the shared queue (a few at a time when they are short, so that it
 * does not wait between them), takes the results back and watches it: a worker whose pipe ends or whose process
 * is gone is replaced, and its chunk queued again at the front (or failed once it has
 * been tried {@code retries} more times).
 *
 * <p>Each worker place has a block of shared memory ({@link ChunkSlots}) when the
 * context's shared-memory transport gives one: chunks and results then cross in it, and
 * only a few bytes cross the pipe.
 */
public final class ProcessPool extends AbstractPool {
    private static final Duration RECEIVE_SLICE = Duration.ofMillis(100);
    private static final long WAIT_SLICE_MILLIS = 100;
    /** A worker is handed a second chunk before it finishes the first only when chunks take less than this. */
    private static final long PREFETCH_BELOW_NANOS = 10_000_000L;
    /** Times a chunk goes back uncharged because its worker died before taking it up, before it is charged anyway. */
    private static final int NOT_TAKEN_UP_UNCHARGED = 3;
    /** Workers of one place that may die in a row once ready, having answered nothing, before it waits to replace them. */
    private static final int IDLE_DEATHS_BEFORE_BACKOFF = 3;
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    private static final AtomicLong POOL_IDS = new AtomicLong();
    private final AutoCloseable spares;

    private final PoolHost host;
    private final int size;
    private final int retries;
    private final PoolWorker.Settings settings;
    private final Object lock = new Object();
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final List<Feeder> feeders = new ArrayList<>();
    private final List<ChildProcess> exited = new ArrayList<>();
    private final List<SharedMemory> blocks = new ArrayList<>();
    private volatile boolean terminated;
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Workers lost in a row before they said they were ready (their initializer ran): a pool
     * whose workers cannot start stops trying. Workers killed once ready do not count.
     */
    private int lostInARow;
    private volatile RuntimeException broken;

    /** One worker process and what this pool knows of it. */
    private static final class Worker {
        final ChildProcess process;
        final PipeEnd conn;
        final PoolProtocol.PoolEnd end;
        int sent;
        /** Whether it said it was ready, and whether it answered a chunk; its feeder's thread only. */
        boolean ready;
        boolean answered;
        /** Its answers to chunks, and the tasks its place's count had before it; its feeder's thread only. */
        long answers;
        final long begunBefore;

        Worker(ChildProcess process, PipeEnd conn, SharedMemory slots) {
            this.process = process;
            this.conn = conn;
            this.end = new PoolProtocol.PoolEnd(conn, slots == null ? null : slots.buffer());
            this.begunBefore = end.begun();
        }

        /**
         * Whether it took up the first chunk it holds and had not answered: false only when the
         * count in its slots says it never did (the chunk was on its way when it died).
         */
        boolean tookUpUnanswered() {
            long begun = end.begun();
            return begun < 0 || begun - begunBefore > answers; // -1 both times when the block has no count
        }
    }

    /** A chunk a worker holds, and the slot its items and results are in. */
    private record Sent(Chunk chunk, int slot, long sentAt) {
    }

    public ProcessPool(PoolHost host, int size, PoolWorker.Settings settings, int chunkSize, int retries) {
        this(host, size, settings, chunkSize, retries, () -> { });
    }

    /**
     * @param spares the spares the context keeps for this pool, released when it is closed or terminated
     */
    public ProcessPool(PoolHost host, int size, PoolWorker.Settings settings, int chunkSize, int retries,
                       AutoCloseable spares) {
        super(chunkSize);
        this.spares = spares;
        this.host = host;
        this.size = size;
        this.settings = settings;
        this.retries = retries;
        long poolId = POOL_IDS.incrementAndGet();
        synchronized (lock) {
            for (int i = 0; i < size; i++) {
                feeders.add(new Feeder(i, slotsFor(poolId, i)));
            }
        }
        feeders.forEach(f -> f.thread.start());
    }

    /** A block of chunk slots for one worker place, or null when this context has no shared memory. */
    private SharedMemory slotsFor(long poolId, int place) {
        try {
            SharedMemory block = host.sharedMemory(".pool-" + ProcessHandle.current().pid() + "-" + poolId + "-"
                    + place, ChunkSlots.TOTAL_BYTES);
            blocks.add(block);
            return block;
        } catch (RuntimeException noSharedMemory) {
            return null;
        }
    }

    @Override
    boolean sendsToProcesses() {
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    /** A function whose class the workers cannot load fails the call that gave it, instead of each chunk in a worker. */
    @Override
    void checkRunnable(Object fn) {
        host.workersCannotLoad(fn.getClass()).ifPresent(why -> {
            throw new SerializationException("the pool's workers cannot run this function: " + why);
        });
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
            lock.notifyAll();
        }
    }

    /**
     * The next chunk to run, skipping those of jobs that already failed; null if there is
     * none, or if {@code ofJob} is not 0 and the next is not of that job.
     */
    private Chunk nextChunk(long ofJob) {
        synchronized (lock) {
            Chunk next = queue.peekFirst();
            while (next != null && next.job.isDone()) {
                queue.pollFirst();
                next.job.skip(next.index);
                next = queue.peekFirst();
            }
            if (next == null || ofJob != 0 && next.job.id != ofJob) {
                return null;
            }
            return queue.pollFirst();
        }
    }

    /** One worker place: its thread, its shared slots, and the worker now in it. */
    private final class Feeder implements Runnable {
        final Thread thread;
        private final SharedMemory slots;
        private final ByteBuffer block;
        private final ArrayDeque<Sent> sent = new ArrayDeque<>();
        private final boolean[] slotBusy = new boolean[ChunkSlots.COUNT];
        private volatile Worker worker;
        /** The job whose last chunk here ran in under {@link #PREFETCH_BELOW_NANOS}; 0 if none. */
        private long fastJob;
        private long lastReplyAt;
        /** Workers of this place lost in a row once ready, before they answered any chunk. */
        private int diedIdle;

        Feeder(int place, SharedMemory slots) {
            this.slots = slots;
            this.block = slots == null ? null : slots.buffer();
            this.thread = new Thread(this, "ipc4j-pool-feeder-" + place);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!terminated && broken == null) {
                    if (worker == null && !replaceWorker()) {
                        return;
                    }
                    fill();
                    if (!sent.isEmpty()) {
                        receive();
                    } else if (!awaitWork()) {
                        stopWorker();
                        return;
                    }
                }
            } catch (Throwable e) {
                if (!terminated) {
                    fail(new IpcException("a pool feeder failed, so the pool is unusable: " + e, e));
                }
            } finally {
                if (terminated || broken != null) {
                    giveUp();
                }
            }
        }

        /** The pool ends at once: the worker is killed and what it held fails. */
        private void giveUp() {
            List<Sent> held;
            Worker w;
            synchronized (lock) {
                w = worker;
                held = new ArrayList<>(sent);
                sent.clear();
            }
            if (w != null) {
                w.process.kill();
                w.conn.abort();
            }
            RuntimeException why = broken != null ? broken : new IllegalStateException("the pool was terminated");
            held.forEach(h -> h.chunk().job.abandon(why));
            abandonAll(why);
        }

        /**
         * Starts a worker in this place, unless the pool has no more use for one. After
         * {@link #IDLE_DEATHS_BEFORE_BACKOFF} workers in a row died here once ready and before
         * answering anything, it waits first, twice as long each time up to {@link #MAX_BACKOFF_MILLIS}:
         * workers that kill themselves after their initializer (or are killed as they come)
         * are not restarted as fast as a JVM starts, yet the pool stays usable.
         */
        private boolean replaceWorker() {
            long backoff = diedIdle < IDLE_DEATHS_BEFORE_BACKOFF ? 0
                    : Math.min(MAX_BACKOFF_MILLIS, 25L << Math.min(10, diedIdle - IDLE_DEATHS_BEFORE_BACKOFF));
            long until = System.nanoTime() + backoff * 1_000_000;
            synchronized (lock) {
                for (long left = backoff; left > 0 && !terminated && broken == null
                        && !(closed && queue.isEmpty() && !submitting()); left = (until - System.nanoTime()) / 1_000_000) {
                    try {
                        lock.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IpcInterruptedException("a pool feeder was interrupted");
                    }
                }
                if (closed && queue.isEmpty() && !submitting() || terminated || broken != null) {
                    return false;
                }
            }
            Worker w = startWorker(slots);
            synchronized (lock) {
                worker = w;
                if (!terminated) {
                    return true;
                }
            }
            w.process.kill();
            w.conn.abort();
            return false;
        }

        /**
         * Hands the worker a chunk if it has none. It gets more, up to one a slot, only while
         * they are chunks of a job whose chunks it runs fast: then the round trip between two
         * chunks would cost, while a worker that holds a long chunk in reserve would keep it
         * from a worker that is free, as CPython's workers, which take one task at a time, never do.
         */
        private void fill() {
            Worker w = worker;
            while (w != null && sent.size() < ChunkSlots.COUNT
                    && (settings.maxTasks() <= 0 || w.sent < settings.maxTasks())) {
                if (!sent.isEmpty() && (fastJob == 0 || block == null)) {
                    return;
                }
                Chunk next = nextChunk(sent.isEmpty() ? 0 : fastJob);
                if (next == null || !send(w, next)) {
                    return;
                }
                w = worker;
            }
        }

        /** Sends a chunk to the worker; false if it was given back to the queue instead. */
        private boolean send(Worker w, Chunk chunk) {
            int slot = 0;
            while (slotBusy[slot]) {
                slot++;
            }
            try {
                // Items that cross in the pipe go only to a worker that holds nothing: one
                // busy with another chunk does not read the pipe, and would block writing
                // its results to this thread, which would block writing these to it.
                if (!w.end.sendTask(chunk, slot, sent.isEmpty())) {
                    giveBack(chunk);
                    return false;
                }
            } catch (ConnectionEOFException | IllegalStateException gone) {
                hold(chunk, slot);
                lost(w);
                return false;
            } catch (RuntimeException unsendable) {
                // too large for a frame, say: this chunk fails, the worker and the pool go on
                chunk.job.failed(chunk.index, unsendable);
                forgetCallbacksInterrupt();
                return true;
            }
            w.sent++;
            hold(chunk, slot);
            return true;
        }

        /** Puts a chunk taken from the queue back at its front, or fails it if the pool is ending. */
        private void giveBack(Chunk chunk) {
            RuntimeException ending;
            synchronized (lock) {
                ending = broken != null ? broken : terminated ? new IllegalStateException("the pool was terminated")
                        : null;
                if (ending == null) {
                    queue.addFirst(chunk);
                    lock.notifyAll();
                    return;
                }
            }
            chunk.job.abandon(ending);
        }

        private void hold(Chunk chunk, int slot) {
            synchronized (lock) {
                slotBusy[slot] = true;
                sent.addLast(new Sent(chunk, slot, System.nanoTime()));
            }
        }

        /** Waits a slice for the oldest chunk's results; checks the worker is alive when none come. */
        private void receive() {
            Worker w = worker;
            byte[] reply;
            try {
                reply = w.conn.recvBytes(RECEIVE_SLICE);
            } catch (IpcTimeoutException notYet) {
                if (!w.process.isAlive()) {
                    lost(w);
                }
                return;
            } catch (ConnectionEOFException | IllegalStateException e) {
                lost(w);
                return;
            }
            if (PoolProtocol.PoolEnd.isReady(reply)) {
                w.ready = true;
                synchronized (lock) {
                    lostInARow = 0;
                }
                return;
            }
            w.answered = true;
            w.answers++;
            diedIdle = 0;
            Sent done = sent.peekFirst();
            Chunk chunk = done.chunk();
            long now = System.nanoTime();
            PoolProtocol.Reply answer = w.end.readReply(reply, chunk, done.slot());
            synchronized (lock) {
                sent.pollFirst();
                slotBusy[done.slot()] = false;
                lostInARow = 0;
            }
            if (answer instanceof PoolProtocol.NeedsFunction) {
                // not run: it goes again, and this time the function goes with it
                w.sent--;
                giveBack(chunk);
                return;
            }
            long ran = now - Math.max(done.sentAt(), lastReplyAt);
            lastReplyAt = now;
            fastJob = ran < PREFETCH_BELOW_NANOS ? chunk.job.id : 0;
            if (answer instanceof PoolProtocol.Done d) {
                host.awaitOutput(w.process, d.printed().out(), d.printed().err());
                chunk.job.succeeded(chunk.index, d.results());
            } else {
                PoolProtocol.Failed f = (PoolProtocol.Failed) answer;
                host.awaitOutput(w.process, f.printed().out(), f.printed().err());
                chunk.job.failed(chunk.index, f.error());
            }
            forgetCallbacksInterrupt();
            if (settings.maxTasks() > 0 && w.sent >= settings.maxTasks() && sent.isEmpty()) {
                retire(w);
            }
        }

        /**
         * Waits for chunks to run while the worker idles, watching that it stays alive.
         * False once the pool is closed and every chunk is done.
         */
        private boolean awaitWork() {
            synchronized (lock) {
                while (queue.isEmpty()) {
                    if (closed && !submitting()) {
                        return false;
                    }
                    if (terminated || broken != null) {
                        return true;
                    }
                    try {
                        lock.wait(WAIT_SLICE_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IpcInterruptedException("a pool feeder was interrupted");
                    }
                    Worker w = worker;
                    if (w != null && !w.process.isAlive()) {
                        break;
                    }
                }
            }
            Worker w = worker;
            if (w != null && !w.process.isAlive()) {
                lost(w);
            }
            return true;
        }

        /** The worker did its share of tasks and leaves by itself; a fresh one takes its place when needed. */
        private void retire(Worker w) {
            synchronized (lock) {
                exited(w.process);
                worker = null;
            }
            w.conn.close();
        }

        /** The worker died: the chunk it ran goes to another (or fails), those it had not started are queued again. */
        private void lost(Worker w) {
            List<Sent> held;
            // failed outside the lock: a job's error callback may call the pool
            List<Runnable> failures = new ArrayList<>();
            boolean wasReady = w.ready || worker == w && w.end.saidReady();
            synchronized (lock) {
                if (worker != w) {
                    return;
                }
                worker = null;
                exited(w.process);
                held = new ArrayList<>(sent);
                sent.clear();
                java.util.Arrays.fill(slotBusy, false);
                for (int i = held.size() - 1; i >= 0 && !terminated; i--) {
                    Chunk chunk = held.get(i).chunk();
                    if (chunk.job.isDone()) {
                        chunk.job.skip(chunk.index);
                    } else if (i > 0 || !wasReady) {
                        queue.addFirst(chunk); // it never started: the worker runs its chunks in order, once ready
                    } else if (!w.tookUpUnanswered() && ++chunk.notTakenUp <= NOT_TAKEN_UP_UNCHARGED) {
                        // nor this one: the worker counts each chunk in its slots before it reads
                        // it (a chunk whose mere sending kills workers is charged after a few)
                        queue.addFirst(chunk);
                    } else if (++chunk.attempts > retries) {
                        WorkerLostException e = new WorkerLostException("a pool worker (pid "
                                + w.process.pid() + ") died running " + chunk.describe() + "; tried "
                                + chunk.attempts + " time" + (chunk.attempts == 1 ? "" : "s"));
                        failures.add(() -> chunk.job.failed(chunk.index, e));
                    } else {
                        queue.addFirst(chunk);
                    }
                }
                if (wasReady) {
                    lostInARow = 0;
                    diedIdle = w.answered ? 0 : diedIdle + 1;
                } else if (++lostInARow > 3 * size && broken == null) {
                    broken = new WorkerLostException("the pool's workers keep dying before they are ready to work ("
                            + lostInARow + " in a row, the last " + exitOf(w.process) + "); see their stderr");
                }
                lock.notifyAll();
            }
            w.process.kill();
            w.conn.abort();
            failures.forEach(Runnable::run);
            forgetCallbacksInterrupt();
            if (terminated) {
                IllegalStateException why = new IllegalStateException("the pool was terminated");
                held.forEach(h -> h.chunk().job.abandon(why));
            }
            if (broken != null) {
                abandonAll(broken);
            }
        }

        /**
         * Callbacks of the jobs just completed ran on this thread: an interrupt one of them left
         * set (restoring a flag it caught, say) is not the pool's, and would stop this feeder.
         */
        private static void forgetCallbacksInterrupt() {
            Thread.interrupted();
        }

        private void stopWorker() {
            Worker w = worker;
            if (w == null) {
                return;
            }
            try {
                w.end.sendStop();
                w.conn.close();
            } catch (RuntimeException gone) {
                w.process.kill();
                w.conn.abort();
            }
        }
    }

    private static String exitOf(ChildProcess p) {
        java.util.OptionalInt code = p.exitCode();
        return code.isPresent() ? "with exit code " + code.getAsInt() : "before its exit code was known";
    }

    /** Keeps a worker that left until it is seen gone, for join(); those already gone are forgotten. */
    private void exited(ChildProcess p) {
        exited.removeIf(e -> !e.isAlive());
        exited.add(p);
    }

    @Override
    void submissionsDone() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private Worker startWorker(SharedMemory slots) {
        PipeEnd[] pipe = host.pipe();
        // The pool's end listens, before the worker can: what the worker sends (that it is
        // ready, first) then reaches it even if the worker dies before the pool reads it.
        pipe[0].openNow();
        ChildProcess p;
        try {
            p = host.startWorker("PoolWorker-" + started.incrementAndGet(), pipe[1], settings.withSlots(slots));
        } catch (RuntimeException | Error e) {
            pipe[0].abort(); // it listens, and no worker will come
            throw e;
        }
        // an idle worker's feeder waits on the lock: its death wakes it at once
        p.onExit().thenRun(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
        return new Worker(p, pipe[0], slots);
    }

    /** The pool cannot go on: what waits fails, and every worker is killed. */
    private void fail(RuntimeException why) {
        synchronized (lock) {
            if (broken == null) {
                broken = why;
            }
            lock.notifyAll();
        }
        abandonAll(why);
        allProcesses().forEach(ChildProcess::kill);
    }

    private void abandonAll(RuntimeException why) {
        List<Chunk> pending;
        synchronized (lock) {
            pending = new ArrayList<>(queue);
            queue.clear();
            for (Feeder f : feeders) {
                f.sent.forEach(s -> pending.add(s.chunk()));
            }
        }
        pending.forEach(c -> c.job.abandon(why));
    }

    private List<ChildProcess> allProcesses() {
        synchronized (lock) {
            List<ChildProcess> all = new ArrayList<>(exited);
            for (Feeder f : feeders) {
                Worker w = f.worker;
                if (w != null) {
                    all.add(w.process);
                }
            }
            return all;
        }
    }

    // ---- lifetime

    private void releaseSpares() {
        try {
            spares.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the pool's spares", e);
        }
    }

    /** Whether this is one of the pool's own threads, as callbacks run on. */
    private boolean onFeeder() {
        return feeders.stream().anyMatch(f -> f.thread == Thread.currentThread());
    }

    /** Closes the pool; from a callback, which runs on the pool's own thread, without waiting for it. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        releaseSpares();
        if (!onFeeder()) {
            join();
        }
    }

    @Override
    public void terminate() {
        List<PipeEnd> conns = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            terminated = true;
            lock.notifyAll();
            for (Feeder f : feeders) {
                Worker w = f.worker;
                if (w != null) {
                    conns.add(w.conn);
                }
            }
        }
        abandonAll(new IllegalStateException("the pool was terminated"));
        releaseSpares();
        allProcesses().forEach(ChildProcess::kill);
        conns.forEach(PipeEnd::abort);
        if (!onFeeder()) {
            join(Duration.ofSeconds(10));
        }
        unlinkBlocks();
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
        if (onFeeder()) {
            throw new IllegalStateException("join() from a pool's callback would wait for itself");
        }
        long deadline = System.nanoTime() + Timeouts.nanosOrZero(timeout);
        try {
            for (Feeder f : feeders) {
                long left = deadline - System.nanoTime();
                f.thread.join(Math.max(1, left / 1_000_000));
                if (f.thread.isAlive()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while joining the pool");
        }
        for (ChildProcess p : allProcesses()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        unlinkBlocks();
        return true;
    }

    private void unlinkBlocks() {
        synchronized (lock) {
            blocks.forEach(SharedMemory::unlink);
            blocks.clear();
        }
    }

    @Override
    public String toString() {
        return "ProcessPool[" + size + " workers" + (terminated ? ", terminated" : closed ? ", closed" : "") + "]";
    }
}
