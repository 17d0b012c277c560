package io.ipc4j;

import io.ipc4j.internal.SharedProviders;
import io.ipc4j.internal.Transports;
import io.ipc4j.internal.pipe.PipeEnd;
import io.ipc4j.internal.process.ChildEnvironment;
import io.ipc4j.internal.process.ChildLauncher;
import io.ipc4j.internal.process.ChildTokens;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.process.SparePool;
import io.ipc4j.internal.queue.QueueHandle;
import io.ipc4j.internal.server.ChildRegistry;
import io.ipc4j.internal.server.ControlServer;
import io.ipc4j.internal.server.PipeRendezvous;
import io.ipc4j.internal.server.QueueBroker;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A coordinator: the process that starts children and hosts the resources they share
 * (CPython's {@code multiprocessing} module and its context). It owns a control server
 * that children dial back to, the queues, and a private directory for socket files, all
 * of which {@link #close()} removes.
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
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger PROCESS_NUMBERS = new AtomicInteger();

    private final Config config;
    private final String id;
    private final byte[] authKey = new byte[32];
    private final Path socketDir;
    private final ChannelTransport transport;
    private final ChannelSettings settings;
    private final ChildRegistry registry = new ChildRegistry();
    private final QueueBroker broker = new QueueBroker();
    private final ControlServer control;
    private final ChannelServer server;
    private final CoordinatorLink link;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final List<PipeEnd[]> pipes = new CopyOnWriteArrayList<>();
    private final SparePool spares;
    private final Thread shutdownHook;
    private volatile io.ipc4j.spi.SharedObjects shared;
    private volatile boolean closed;

    private Context(Config config) {
        this.config = config;
        RANDOM.nextBytes(authKey);
        this.id = HexFormat.of().formatHex(randomBytes(6));
        this.transport = Transports.find(config.get(Config.CHANNEL));
        this.socketDir = makeSocketDir();
        this.settings = new ChannelSettings(authKey, config.getInt(Config.MAX_FRAME_BYTES), config.get(Config.TCP_BIND),
                socketDir);
        this.control = new ControlServer(registry, new PipeRendezvous(), broker);
        try {
            this.server = transport.listen(settings, "c", control);
        } catch (IOException | RuntimeException e) {
            deleteSocketDir();
            throw new IpcException("cannot start the coordinator's server: " + e.getMessage(), e);
        }
        this.link = new CoordinatorLink(id, transport, settings, server.address(),
                config.getInt(Config.SPIN_NANOS), Duration.ofSeconds(config.getInt(Config.PIPE_LINGER)), null, control);
        ProcessRuntime.get().register(link);
        this.spares = new SparePool(Math.max(0, config.getInt(Config.CHILD_SPARES)), registry,
                token -> startChildJvm(token, "spare"));
        Thread warmUp = new Thread(ObjectCodec::warmUp, "ipc4j-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        this.shutdownHook = new Thread(this::abandon, "ipc4j-shutdown-" + id);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A context configured from {@code ipc4j.properties}, {@code -Dipc4j.*} and {@code IPC4J_*}. */
    public static Context create() {
        return create(Map.of());
    }

    /** A context with {@code overrides} taking precedence over every other source of settings. */
    public static Context create(Map<String, String> overrides) {
        Config config = Config.load(overrides);
        if (!"broker".equals(config.get(Config.QUEUE))) {
            throw new IllegalArgumentException("unknown queue transport '" + config.get(Config.QUEUE)
                    + "' (setting " + Config.QUEUE + "); available: broker");
        }
        return new Context(config);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private Path makeSocketDir() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (base.toString().length() > 40 || !Files.isWritable(base)) {
            base = Path.of("/tmp");
        }
        try {
            return Files.createTempDirectory(base, "ipc4j-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for sockets in " + base, e);
        }
    }

    /** The settings this context runs with. */
    public Config config() {
        return config;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this context is closed");
        }
    }

    // ---- processes

    /** A child process that will run {@code target}; name it, then {@link ChildProcess#start()} it. */
    public ChildProcess process(SerializableRunnable target) {
        checkOpen();
        return new ChildProcess(this, target, "Process-" + PROCESS_NUMBERS.incrementAndGet());
    }

    /** A child process that will run {@code target.accept(a)}. */
    public <A> ChildProcess process(SerializableConsumer<A> target, A a) {
        return process(() -> target.accept(a));
    }

    /** A child process that will run {@code target.accept(a, b)}. */
    public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A a, B b) {
        return process(() -> target.accept(a, b));
    }

    ChildLauncher.Launched launch(ChildProcess child, byte[] target) {
        checkOpen();
        SparePool.Spare spare = spares.take();
        String token;
        ChildLauncher.Launched launched;
        if (spare != null) {
            token = spare.token();
            launched = spare.launched();
        } else {
            token = ChildTokens.next();
            registry.expect(token);
            try {
                launched = startChildJvm(token, child.name());
            } catch (RuntimeException e) {
                registry.forget(token);
                throw e;
            }
        }
        registry.assign(token, new ChildRegistry.Launch(child.name(), target));
        launched.process().onExit().thenRun(() -> registry.forget(token));
        children.add(child);
        return launched;
    }

    private ChildLauncher.Launched startChildJvm(String token, String name) {
        return ChildLauncher.launch(config, ChildEnvironment.forChild(link, token), name);
    }

    /**
     * Waits until the spare child JVMs ({@code ipc4j.child.spares}) have started and wait for
     * targets, so that the next {@code start()} takes milliseconds.
     *
     * @return whether they were all ready in time (true at once when no spares are configured)
     */
    public boolean awaitSpares(Duration timeout) {
        try {
            return spares.awaitReady(timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting for spare processes");
        }
    }

    /** The children of this context that are still running (CPython's {@code active_children()}). */
    public List<ChildProcess> activeChildren() {
        children.removeIf(c -> !c.isAlive());
        return List.copyOf(children);
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
        checkOpen();
        String pipeId = HexFormat.of().formatHex(randomBytes(8));
        PipeEnd left = new PipeEnd(id, pipeId, 0, true, duplex);
        PipeEnd right = new PipeEnd(id, pipeId, 1, duplex, true);
        PipeEnd.pair(left, right);
        pipes.removeIf(pair -> pair[0].settled() && pair[1].settled());
        pipes.add(new PipeEnd[] {left, right});
        return new Pipe(left, right);
    }

    /** Opens, in this process, pipe ends whose other end went to a child, so that its messages arrive. */
    void openKeptPipeEnds() {
        for (PipeEnd[] pair : pipes) {
            pair[0].openIfPeerSentAway();
            pair[1].openIfPeerSentAway();
        }
        pipes.removeIf(pair -> pair[0].settled() && pair[1].settled());
    }

    /** An unbounded queue. */
    public <T> Queue<T> queue() {
        return queue(0);
    }

    /** A queue holding at most {@code maxsize} items; 0 or less means unbounded, as in CPython. */
    public <T> Queue<T> queue(int maxsize) {
        checkOpen();
        int size = Math.max(0, maxsize);
        return new QueueHandle<>(id, broker.create(size, false), size, false);
    }

    /** An unbounded queue with {@link JoinableQueue#taskDone()} and {@link JoinableQueue#join()}. */
    public <T> JoinableQueue<T> joinableQueue() {
        return joinableQueue(0);
    }

    /** A bounded joinable queue. */
    public <T> JoinableQueue<T> joinableQueue(int maxsize) {
        checkOpen();
        int size = Math.max(0, maxsize);
        return new QueueHandle<>(id, broker.create(size, true), size, true);
    }

    // ---- shared memory and synchronization (ipc4j.shared), freed by close()

    private io.ipc4j.spi.SharedObjects shared() {
        checkOpen();
        io.ipc4j.spi.SharedObjects s = shared;
        if (s == null) {
            synchronized (this) {
                s = shared;
                if (s == null) {
                    s = SharedProviders.find(config.get(Config.SHARED)).open(id);
                    shared = s;
                }
            }
        }
        return s;
    }

    private synchronized void closeShared() {
        if (shared != null) {
            shared.close();
        }
    }

    /** A shared {@code int} with a lock of its own (CPython's {@code Value('i', initial)}). */
    public IntValue intValue(int initial) {
        return shared().intValue(initial, null);
    }

    /** A shared {@code int} guarded by {@code lock}. */
    public IntValue intValue(int initial, Lock lock) {
        return shared().intValue(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A shared {@code long} with a lock of its own. */
    public LongValue longValue(long initial) {
        return shared().longValue(initial, null);
    }

    /** A shared {@code double} with a lock of its own. */
    public DoubleValue doubleValue(double initial) {
        return shared().doubleValue(initial, null);
    }

    /** A shared {@code long} guarded by {@code lock}. */
    public LongValue longValue(long initial, Lock lock) {
        return shared().longValue(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A shared {@code double} guarded by {@code lock}. */
    public DoubleValue doubleValue(double initial, Lock lock) {
        return shared().doubleValue(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code int} array with a lock of its own. */
    public IntArray intArray(int length) {
        return shared().intArray(new int[length], null);
    }

    /** A shared {@code int} array holding a copy of {@code initial}. */
    public IntArray intArray(int[] initial) {
        return shared().intArray(initial.clone(), null);
    }

    /** A shared {@code int} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public IntArray intArray(int[] initial, Lock lock) {
        return shared().intArray(initial.clone(), java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code long} array with a lock of its own. */
    public LongArray longArray(int length) {
        return shared().longArray(new long[length], null);
    }

    /** A shared {@code long} array holding a copy of {@code initial}. */
    public LongArray longArray(long[] initial) {
        return shared().longArray(initial.clone(), null);
    }

    /** A shared {@code long} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public LongArray longArray(long[] initial, Lock lock) {
        return shared().longArray(initial.clone(), java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared {@code double} array with a lock of its own. */
    public DoubleArray doubleArray(int length) {
        return shared().doubleArray(new double[length], null);
    }

    /** A shared {@code double} array holding a copy of {@code initial}. */
    public DoubleArray doubleArray(double[] initial) {
        return shared().doubleArray(initial.clone(), null);
    }

    /** A shared {@code double} array holding a copy of {@code initial}, guarded by {@code lock}. */
    public DoubleArray doubleArray(double[] initial, Lock lock) {
        return shared().doubleArray(initial.clone(), java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A zero-filled shared byte array with a lock of its own. */
    public ByteArray byteArray(int length) {
        return shared().byteArray(new byte[length], null);
    }

    /** A shared byte array holding a copy of {@code initial}. */
    public ByteArray byteArray(byte[] initial) {
        return shared().byteArray(initial.clone(), null);
    }

    /** A shared byte array holding a copy of {@code initial}, guarded by {@code lock}. */
    public ByteArray byteArray(byte[] initial, Lock lock) {
        return shared().byteArray(initial.clone(), java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A new named, zero-filled block of {@code size} bytes. @throws IllegalArgumentException if the name is taken */
    public SharedMemory sharedMemory(String name, int size) {
        return shared().sharedMemory(name, size);
    }

    /** The block this context made under {@code name}. @throws IllegalArgumentException if there is none */
    public SharedMemory attachSharedMemory(String name) {
        return shared().attachSharedMemory(name);
    }

    /** A lock that any process may release (CPython's {@code Lock}). */
    public Lock lock() {
        return shared().lock();
    }

    /** A reentrant, owned lock (CPython's {@code RLock}). */
    public RLock rLock() {
        return shared().rLock();
    }

    /** A semaphore with {@code permits} permits (CPython's {@code Semaphore}). */
    public Semaphore semaphore(int permits) {
        return shared().semaphore(permits, false);
    }

    /** A semaphore that refuses to be released above {@code permits} (CPython's {@code BoundedSemaphore}). */
    public Semaphore boundedSemaphore(int permits) {
        return shared().semaphore(permits, true);
    }

    /** An event, initially clear. */
    public Event event() {
        return shared().event();
    }

    /** A condition over a new {@link RLock}, as CPython's {@code Condition()} makes. */
    public Condition condition() {
        return shared().condition(shared().rLock());
    }

    /** A condition over {@code lock}, a {@link Lock} or {@link RLock} of this context. */
    public Condition condition(Lock lock) {
        return shared().condition(java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A barrier for {@code parties} parties. */
    public Barrier barrier(int parties) {
        return shared().barrier(parties, null);
    }

    /** A barrier for {@code parties} parties whose {@code action} runs once per pass, in the last arriver's process. */
    public Barrier barrier(int parties, SerializableRunnable action) {
        return shared().barrier(parties, java.util.Objects.requireNonNull(action, "action"));
    }

    /** The private directory (mode 0700) of this context's socket files; removed by {@link #close()}. */
    public Path socketDirectory() {
        return socketDir;
    }

    // ---- pools

    /** A pool with one worker process per processor. */
    public Pool pool() {
        return poolBuilder().build();
    }

    /** A pool of {@code processes} worker processes. @throws IllegalArgumentException if below 1 */
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /** Settings for a pool: initializer, maxTasksPerChild, chunk size, retries. */
    public Pool.Builder poolBuilder() {
        checkOpen();
        return new io.ipc4j.internal.pool.PoolBuilder(this);
    }

    /** The pool API over {@code threads} threads of this JVM (CPython's {@code ThreadPool}). */
    public Pool threadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a pool needs at least one thread, not " + threads);
        }
        return new io.ipc4j.internal.pool.ThreadPool(threads, 0);
    }

    /** How many connections failed authentication against this context's server. */
    public int refusedConnections() {
        return control.refusedConnections();
    }

    // ---- lifetime

    /**
     * Ends everything this context started: daemon children are terminated, other children
     * are waited for (as CPython does at exit), then the server, queues and socket files go.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        spares.close();
        for (ChildProcess c : children) {
            if (c.isDaemon()) {
                c.terminate();
            }
        }
        for (ChildProcess c : children) {
            if (!c.isDaemon()) {
                c.join();
            } else if (!c.join(Duration.ofSeconds(5))) {
                c.kill();
                c.join();
            }
        }
        closed = true;
        try {
            link.close();
        } finally {
            release();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran
            }
        }
    }

    /** On JVM exit without close(): no child may outlive us, and no file may stay. */
    private void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        spares.close();
        List<ProcessHandle> alive = new ArrayList<>();
        for (ChildProcess c : children) {
            if (c.isAlive()) {
                c.terminate();
                ProcessHandle.of(c.pid()).ifPresent(alive::add);
            }
        }
        for (ProcessHandle h : alive) {
            try {
                h.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        release();
    }

    private void release() {
        ProcessRuntime.get().unregister(link);
        server.close();
        broker.close();
        deleteSocketDir();
        closeShared();
    }

    private void deleteSocketDir() {
        try (Stream<Path> files = Files.walk(socketDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; reported by the leak check in tests
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "Context[" + id + ", " + transport.name() + " at " + server.address() + "]";
    }
}
