package io.ipc4j;

import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.coordinator.Coordinator;
import io.ipc4j.internal.pipe.PipeEnd;
import io.ipc4j.internal.pool.PoolBuilder;
import io.ipc4j.internal.pool.PoolHost;
import io.ipc4j.internal.pool.PoolWorker;
import io.ipc4j.internal.pool.ThreadPool;
import io.ipc4j.internal.process.BoundTargets;
import io.ipc4j.internal.process.ProcessRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator: the process that starts children and hosts the resources they share
 * (CPython's {@code multiprocessing} module and its context). This class only makes
 * things; the runtime behind it owns the control server children dial back to, the
 * queues, the shared objects and a private directory for socket files, all of which
 * {@link #close()} removes.
 *
 * <pre>{@code
 * try (Context mp = Context.create()) {
 *     Queue<Integer> q = mp.queue();
 *     ChildProcess p = mp.process(() -> q.put(42)).start();
 *     System.out.println(q.get());
 *     p.join();
 * }
 * }</pre>
 */
public final class Context implements AutoCloseable {
    private static final AtomicInteger PROCESS_NUMBERS = new AtomicInteger();

    /** How long a pool result waits for its worker's output to be printed here: long enough for a slow terminal, short enough if this JVM's output is stuck. */
    private static final long WORKER_OUTPUT_WAIT_NANOS = 1_000_000_000L;
    private final Coordinator runtime;
    private final PoolHost poolHost = new PoolHost() {
        @Override
        public PipeEnd[] pipe() {
            return runtime.pipe(true);
        }

        @Override
        public ChildProcess startWorker(String name, PipeEnd end, PoolWorker.Settings settings) {
            return process(PoolWorker.target(end, settings)).name(name).daemon(true).start();
        }

        @Override
        public void awaitOutput(ChildProcess worker, long out, long err) {
            worker.awaitOutput(out, err, WORKER_OUTPUT_WAIT_NANOS);
        }

        @Override
        public Optional<String> workersCannotLoad(Class<?> c) {
            return runtime.cannotLoad(List.of(PoolWorker.class), List.of(c));
        }

        @Override
        public SharedMemory sharedMemory(String name, int size) {
            return runtime.shared().sharedMemory(name, size);
        }

        @Override
        public AutoCloseable keepSpares(int n) {
            return runtime.reserveSpares(n);
        }
    };

    private Context(Coordinator runtime) {
        this.runtime = runtime;
        runtime.sharedManager(() -> {
            Manager m = manager();
            m.process().ifPresent(runtime::endLast);
            return m;
        });
    }

    /** A context configured from {@code ipc4j.properties}, {@code -Dipc4j.*} and {@code IPC4J_*}. */
    public static Context create() {
        return create(Map.of());
    }

    /** A context with {@code overrides} taking precedence over every other source of settings. */
    public static Context create(Map<String, String> overrides) {
        return new Context(Coordinator.start(Config.load(overrides)));
    }

    /** The settings this context runs with. */
    public Config config() {
        return runtime.config();
    }

    // ---- processes

    /** A child process that will run {@code target}; name it, then {@link ChildProcess#start()} it. */
    public ChildProcess process(SerializableRunnable target) {
        return process(target, List.of(Objects.requireNonNull(target, "target").getClass()));
    }

    /** A child process that will run {@code target.accept(a)}. */
    public <A> ChildProcess process(SerializableConsumer<A> target, A a) {
        Objects.requireNonNull(target, "target");
        return process(BoundTargets.of(target, a), classesOf(target, a));
    }

    /** A child process that will run {@code target.accept(a, b)}. */
    public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
        Objects.requireNonNull(target, "target");
        return process(BoundTargets.of(target, a, b), classesOf(target, a, b));
    }

    private ChildProcess process(SerializableRunnable target, List<Class<?>> needs) {
        runtime.checkOpen();
        return new ChildProcess(runtime, target, needs, "Process-" + PROCESS_NUMBERS.incrementAndGet());
    }

    private static List<Class<?>> classesOf(Object... parts) {
        // a loop, not a stream: a context's first start would link the stream's lambdas
        List<Class<?>> classes = new ArrayList<>(parts.length);
        for (Object part : parts) {
            if (part != null) {
                classes.add(part.getClass());
            }
        }
        return classes;
    }

    /**
     * Waits until the spare child JVMs ({@code ipc4j.child.spares}) have started, warmed up
     * (for a context on Chronicle queues, seconds) and let their JIT compilers go quiet, so
     * that the next {@code start()} takes milliseconds. A start does not need to wait for
     * this: one that finds no spare ready takes one still warming up, which stops its warm-up
     * for the target.
     *
     * @return whether they were all ready in time (true at once when no spares are configured)
     */
    public boolean awaitSpares(Duration timeout) {
        try {
            return runtime.awaitSpares(Timeouts.nanosOrZero(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for spare processes");
        }
    }

    /** The children of this context that are still running (CPython's {@code active_children()}). */
    public List<ChildProcess> activeChildren() {
        return runtime.liveChildren().stream().map(ChildProcess.class::cast).toList();
    }

    /** This process: {@code MainProcess} in a coordinator, the child's name in a child. */
    public static ProcessInfo currentProcess() {
        return ProcessRuntime.get().current();
    }

    /** The coordinator that started this process; empty in a process no ipc4j context started. */
    public static Optional<ProcessInfo> parentProcess() {
        return ProcessRuntime.get().parent();
    }

    /** The number of processors this JVM may use. */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    // ---- pipes and queues

    /** A two-way pipe. */
    public Pipe pipe() {
        return pipe(true);
    }

    /** A pipe; when {@code duplex} is false, {@link Pipe#left()} only receives and {@link Pipe#right()} only sends. */
    public Pipe pipe(boolean duplex) {
        PipeEnd[] ends = runtime.pipe(duplex);
        return new Pipe(ends[0], ends[1]);
    }

    /** An unbounded queue. */
    public <T> Queue<T> queue() {
        return queue(0);
    }

    /** A queue holding at most {@code maxsize} items; 0 or less means unbounded, as in CPython. */
    public <T> Queue<T> queue(int maxsize) {
        return runtime.queue(maxsize, false);
    }

    /** An unbounded queue with {@link JoinableQueue#taskDone()} and {@link JoinableQueue#join()}. */
    public <T> JoinableQueue<T> joinableQueue() {
        return joinableQueue(0);
    }

    /** A bounded joinable queue. */
    public <T> JoinableQueue<T> joinableQueue(int maxsize) {
        return runtime.queue(maxsize, true);
    }

    /** For tests: pipes whose ends have not met, and pipes with an end that may yet be opened here. */
    int[] pipeBookkeeping() {
        return runtime.pipeBookkeeping();
    }

    /** How many queues the queue transport ({@code ipc4j.queue}) holds: for tests of their lifetime. */
    int liveQueues() {
        return runtime.liveQueues();
    }

    // ---- shared memory and synchronization (ipc4j.shared), freed by close()

    /** A shared {@code int} with a lock of its own (CPython's {@code Value('i', initial)}). */
    public IntValue intValue(int initial) {
        return runtime.shared().intValue(initial, null);
    }

    /** A shared {@code int} guarded by {@code lock}. */
    public IntValue intValue(int initial, Lock lock) {
        return runtime.shared().intValue(initial, Objects.requireNonNull(lock, "lock"));
    }

    /** A shared {@code long} with a lock of its own. */
    public LongValue longValue(long initial) {
        return runtime.shared().longValue(initial, null);
    }

    /** A shared {@code double} with a lock of its own. */
    public DoubleValue doubleValue(double initial) {
        return runtime.shared().doubleValue(initial, null);
    }

    /** A shared {@code long} guarded by {@code lock}. */
    public LongValue longValue(long initial, Lock lock) {
        return runtime.shared().longValue(initial, Objects.requireNonNull(lock, "lock"));
    }

    /** A shared {@code double} guarded by {@code lock}. */
    public DoubleValue doubleValue(double initial, Lock lock) {
        return runtime.shared().doubleValue(initial, Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code int} array with a lock of its own. */
    public IntArray intArray(int length) {
        return runtime.shared().intArray(new int[arrayLength(length)], null);
    }

    private static int arrayLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("array length must not be negative: " + length);
        }
        return length;
    }

    /** A shared {@code int} array holding a copy of {@code initial}. */
    public IntArray intArray(int[] initial) {
        return runtime.shared().intArray(initial.clone(), null);
    }

    /** A shared {@code int} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public IntArray intArray(int[] initial, Lock lock) {
        return runtime.shared().intArray(initial.clone(), Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code long} array with a lock of its own. */
    public LongArray longArray(int length) {
        return runtime.shared().longArray(new long[arrayLength(length)], null);
    }

    /** A shared {@code long} array holding a copy of {@code initial}. */
    public LongArray longArray(long[] initial) {
        return runtime.shared().longArray(initial.clone(), null);
    }

    /** A shared {@code long} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public LongArray longArray(long[] initial, Lock lock) {
        return runtime.shared().longArray(initial.clone(), Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code double} array with a lock of its own. */
    public DoubleArray doubleArray(int length) {
        return runtime.shared().doubleArray(new double[arrayLength(length)], null);
    }

    /** A shared {@code double} array holding a copy of {@code initial}. */
    public DoubleArray doubleArray(double[] initial) {
        return runtime.shared().doubleArray(initial.clone(), null);
    }

    /** A shared {@code double} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public DoubleArray doubleArray(double[] initial, Lock lock) {
        return runtime.shared().doubleArray(initial.clone(), Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared byte array with a lock of its own. */
    public ByteArray byteArray(int length) {
        return runtime.shared().byteArray(new byte[arrayLength(length)], null);
    }

    /** A shared byte array holding a copy of {@code initial}. */
    public ByteArray byteArray(byte[] initial) {
        return runtime.shared().byteArray(initial.clone(), null);
    }

    /** A shared byte array holding a copy of {@code initial}, guarded by {@code lock}. */
    public ByteArray byteArray(byte[] initial, Lock lock) {
        return runtime.shared().byteArray(initial.clone(), Objects.requireNonNull(lock, "lock"));
    }

    /** A new named, zero-filled block of {@code size} bytes. @throws IllegalArgumentException if the name is taken */
    public SharedMemory sharedMemory(String name, int size) {
        return runtime.shared().sharedMemory(name, size);
    }

    /** The block this context made under {@code name}. @throws IllegalArgumentException if there is none */
    public SharedMemory attachSharedMemory(String name) {
        return runtime.shared().attachSharedMemory(name);
    }

    /** A lock that any process may release (CPython's {@code Lock}). */
    public Lock lock() {
        return runtime.shared().lock();
    }

    /** A reentrant, owned lock (CPython's {@code RLock}). */
    public RLock rLock() {
        return runtime.shared().rLock();
    }

    /** A semaphore with {@code permits} permits (CPython's {@code Semaphore}). */
    public Semaphore semaphore(int permits) {
        return runtime.shared().semaphore(permits, false);
    }

    /** A semaphore that refuses to be released above {@code permits} (CPython's {@code BoundedSemaphore}). */
    public Semaphore boundedSemaphore(int permits) {
        return runtime.shared().semaphore(permits, true);
    }

    /** An event, initially clear. */
    public Event event() {
        return runtime.shared().event();
    }

    /** A condition over a new {@link RLock}, as CPython's {@code Condition()} makes. */
    public Condition condition() {
        return runtime.shared().condition(runtime.shared().rLock());
    }

    /** A condition over {@code lock}, a {@link Lock} or {@link RLock} of this context. */
    public Condition condition(Lock lock) {
        return runtime.shared().condition(Objects.requireNonNull(lock, "lock"));
    }

    /** A barrier for {@code parties} parties. */
    public Barrier barrier(int parties) {
        return runtime.shared().barrier(parties, null);
    }

    /** A barrier for {@code parties} parties whose {@code action} runs once per pass, in the last arriver's process. */
    public Barrier barrier(int parties, SerializableRunnable action) {
        return runtime.shared().barrier(parties, Objects.requireNonNull(action, "action"));
    }

    /**
     * Starts a manager: a server in a daemon child of this context, holding objects that
     * processes use through proxies (CPython's {@code mp.Manager()}). Close it when done; this
     * context's {@link #close()} stops it too. {@link Manager#builder()} adds custom types.
     */
    public Manager manager() {
        return startManager(new io.ipc4j.internal.manager.ManagerSpec());
    }

    Manager startManager(io.ipc4j.internal.manager.ManagerSpec spec) {
        runtime.checkOpen();
        return io.ipc4j.internal.manager.Managers.start(spec, runtime.id(), config().get(Config.MANAGER_CHANNEL),
                socketDirectory(), this::pipe,
                target -> process(target).name("Manager-" + PROCESS_NUMBERS.incrementAndGet()).daemon(true).start());
    }

    /** The private directory (mode 0700) of this context's socket files; removed by {@link #close()}. */
    public Path socketDirectory() {
        return runtime.socketDirectory();
    }

    // ---- pools

    /**
     * A pool with one worker process per processor.
     *
     * @throws ProcessStartException if the class path workers would get lacks ipc4j's classes
     */
    public Pool pool() {
        return poolBuilder().build();
    }

    /**
     * A pool of {@code processes} worker processes.
     *
     * @throws IllegalArgumentException if below 1
     * @throws ProcessStartException if the class path workers would get lacks ipc4j's classes
     */
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /** Settings for a pool: initializer, maxTasksPerChild, chunk size, retries. */
    public Pool.Builder poolBuilder() {
        runtime.checkOpen();
        return new PoolBuilder(poolHost);
    }

    /** What a pool gets from this context: for tests that build pools with settings users cannot give. */
    PoolHost poolHost() {
        return poolHost;
    }

    /** The pool API over {@code threads} threads of this JVM (CPython's {@code ThreadPool}). */
    public Pool threadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least one thread, not " + threads);
        }
        return new ThreadPool(threads, 0);
    }

    /** How many connections failed authentication against this context's server. */
    public int refusedConnections() {
        return runtime.refusedConnections();
    }

    /** The address of this context's control server, for tests that dial it as an outsider would. */
    String controlAddress() {
        return runtime.controlAddress();
    }

    // ---- lifetime

    /**
     * Ends everything this context started: daemon children are terminated, other children
     * are waited for (as CPython does at exit), then the server, queues and socket files go.
     */
    @Override
    public void close() {
        runtime.close();
    }

    @Override
    public String toString() {
        return runtime.toString();
    }
}
