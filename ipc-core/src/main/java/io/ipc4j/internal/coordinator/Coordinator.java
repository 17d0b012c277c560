package io.ipc4j.internal.coordinator;

import io.ipc4j.Config;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.JoinableQueue;
import io.ipc4j.Manager;
import io.ipc4j.ProcessStartException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.Clusters;
import io.ipc4j.internal.QueueTransports;
import io.ipc4j.internal.SharedProviders;
import io.ipc4j.internal.Transports;
import io.ipc4j.internal.pipe.MadePipes;
import io.ipc4j.internal.pipe.PipeEnd;
import io.ipc4j.internal.pipe.PipeHandover;
import io.ipc4j.internal.process.ArchiveWarmUp;
import io.ipc4j.internal.process.ChildClassPath;
import io.ipc4j.internal.process.ChildEnvironment;
import io.ipc4j.internal.process.ChildLauncher;
import io.ipc4j.internal.process.ChildTokens;
import io.ipc4j.internal.process.ClassPathCheck;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.queue.TakeLedger;
import io.ipc4j.internal.server.BrokerTransport;
import io.ipc4j.internal.server.ChildRegistry;
import io.ipc4j.internal.server.ControlServer;
import io.ipc4j.internal.server.PipeRendezvous;
import io.ipc4j.internal.server.QueueBroker;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.Cluster;
import io.ipc4j.spi.ContextQueues;
import io.ipc4j.spi.QueueTransport;
import io.ipc4j.spi.RemoteChild;
import io.ipc4j.spi.SharedObjects;
import io.ipc4j.spi.TlsStores;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The runtime behind a {@code Context}: the control server children dial back to, the
 * registry of children, the queue broker, the queues of the transport {@code ipc4j.queue}
 * names, spare JVMs, the private socket directory, the shared objects, and the shutdown
 * that frees them all.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long the exit hook lets a close() under way in another thread finish. */
    private static final long ABANDON_WAIT_MILLIS = 10_000;
    private static final Duration ARCHIVE_BUILDER_WAIT = Duration.ofSeconds(15);

    /** A child started here; {@code handle} is the user's object for it, kept while it runs. */
    private record Child(String name, boolean daemon, ChildLauncher.Launched launched, Object handle) {
    }

    private final Config config;
    private final String id;
    private final byte[] authKey = new byte[32];
    private final Path socketDir;
    private final ChannelTransport transport;
    /** The cluster whose nodes run the children ({@code ipc4j.cluster}), or null for this machine only. */
    private final Cluster cluster;
    private final ChannelSettings settings;
    private final ChildRegistry registry = new ChildRegistry();
    /** Serves queue requests on the control channels; holds queues only when {@code ipc4j.queue} is the broker. */
    private final QueueBroker broker;
    private final ContextQueues queues;
    private final PipeRendezvous rendezvous = new PipeRendezvous();
    private final long pid = ProcessHandle.current().pid();
    private final ControlServer control;
    private final ChannelServer server;
    private final CoordinatorLink link;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final List<Process> archiveBuilders = new CopyOnWriteArrayList<>();
    private final MadePipes pipes = new MadePipes(rendezvous::forget);
    private final SparePool spares;
    private final Thread shutdownHook;
    /** The class loader of the code that made this context ({@code mvn exec:java} puts the program in its own). */
    private final ClassLoader creatorLoader = Thread.currentThread().getContextClassLoader();
    private volatile SharedObjects shared;
    private boolean sharedClosed;
    /** Starts the manager of the shared objects when {@code ipc4j.shared=manager}; set by the context. */
    private volatile Supplier<Manager> sharedManager;
    /** Children that serve the others (the shared objects' manager): ended only after every other child. */
    private final Set<Object> endedLast = ConcurrentHashMap.newKeySet();
    /** Set once, by the first close() or the exit hook, under the write lock of {@link #starts}. */
    private volatile boolean closed;
    /** Each start holds a read lock, so that closing waits for starts under way and then refuses new ones. */
    private final ReentrantReadWriteLock starts = new ReentrantReadWriteLock();
    /** What the queue transports on the class path ask of every child JVM. */
    private final List<String> childJvmOptions;
    /** Whether this context claimed this process's TLS settings (see {@link TlsStores#claim}). */
    private final boolean tlsClaimed;
    /** Opened when everything is released: a second close() waits for it. */
    private final CountDownLatch released = new CountDownLatch(1);

    /** Starts a coordinator with these settings. */
    public static Coordinator start(Config config) {
        TlsStores tls = TlsStores.of(config); // bad TLS settings fail here, before anything was started
        String cluster = config.get(Config.CLUSTER);
        boolean tcp = cluster != null && !cluster.isBlank() || "tcp".equals(config.get(Config.CHANNEL));
        boolean claimed = TlsStores.claim(tls, tcp); // and settings at odds with another open context's
        try {
            return new Coordinator(config, QueueTransports.find(config.get(Config.QUEUE)), tls, claimed);
        } catch (RuntimeException | Error e) {
            if (claimed) {
                TlsStores.release();
            }
            throw e;
        }
    }

    /** What the queue transport is told of this context; the broker finds its host in it. */
    private record QueueHostOf(String contextId, Config config, QueueBroker broker) implements BrokerTransport.Host {
    }

    private Coordinator(Config config, QueueTransport queueTransport, TlsStores tls, boolean tlsClaimed) {
        this.config = config;
        this.tlsClaimed = tlsClaimed;
        RANDOM.nextBytes(authKey);
        this.id = HexFormat.of().formatHex(randomBytes(6));
        Duration handshakeTimeout = Duration.ofMillis(config.getPositiveInt(Config.HANDSHAKE_TIMEOUT_MILLIS));
        int maxPendingHandshakes = config.getPositiveInt(Config.MAX_PENDING_HANDSHAKES);
        config.checkWords();
        String clusterName = config.get(Config.CLUSTER);
        if (clusterName != null && !clusterName.isBlank() && config.isGiven(Config.SHARED)
                && "mmap".equals(config.get(Config.SHARED))) {
            throw new IllegalArgumentException("setting " + Config.SHARED + "=mmap keeps shared objects in this "
                    + "machine's memory, which children on other hosts cannot map; with " + Config.CLUSTER + "="
                    + config.get(Config.CLUSTER) + " use " + Config.SHARED + "=manager (the default with a cluster)");
        }
        io.ipc4j.internal.manager.Managers.channelFor(config.get(Config.MANAGER_CHANNEL),
                clusterName != null && !clusterName.isBlank() ? "tcp" : config.get(Config.CHANNEL));
        this.cluster = Clusters.join(config);
        // Children on other hosts dial back over TCP, to an address they can reach.
        this.transport = Transports.find(cluster == null ? config.get(Config.CHANNEL) : "tcp");
        List<String> jvmOptions = new ArrayList<>(QueueTransports.childJvmOptions());
        transport.childJvmOptions(Runtime.version().feature()).stream().filter(o -> !jvmOptions.contains(o))
                .forEach(jvmOptions::add);
        this.childJvmOptions = List.copyOf(jvmOptions);
        this.socketDir = makeSocketDir();
        this.settings = new ChannelSettings(authKey, config.getInt(Config.MAX_FRAME_BYTES),
                cluster == null ? config.get(Config.TCP_BIND) : cluster.routableHost(),
                socketDir, handshakeTimeout, maxPendingHandshakes, id).withTls(tls);
        this.broker = new QueueBroker(settings.maxFrameBytes(), name -> shared().sharedMemory(name, TakeLedger.blockBytes()));
        try {
            this.queues = queueTransport.open(new QueueHostOf(id, config, broker));
        } catch (RuntimeException | Error e) {
            broker.close();
            deleteSocketDir();
            closeCluster();
            throw e;
        }
        this.control = new ControlServer(registry, rendezvous, broker);
        try {
            this.server = transport.listen(settings, "c", control);
        } catch (IOException | RuntimeException e) {
            queues.close();
            broker.close();
            deleteSocketDir();
            closeCluster();
            throw new IpcException("cannot start the coordinator's server: " + e.getMessage(), e);
        }
        this.link = new CoordinatorLink(id, transport, settings, server.address(),
                config.getInt(Config.SPIN_NANOS), Duration.ofSeconds(config.getInt(Config.PIPE_LINGER)), null, control);
        ProcessRuntime.get().register(link);
        this.spares = new SparePool(Math.max(0, config.getInt(Config.CHILD_SPARES)), registry,
                token -> {
                    ChildClassPath spareClassPath = ChildClassPath.of(config, creatorLoader);
                    ChildLauncher.Launched spare = ChildLauncher.launch(config,
                            ChildEnvironment.forChild(link, token).asSpare(), "spare", spareClassPath, childJvmOptions);
                    buildArchive(spareClassPath);
                    return spare;
                });
        Thread warmUp = new Thread(() -> StartWarmUp.run(id, this::classPathFor, spares), "ipc4j-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        this.shutdownHook = new Thread(this::abandon, "ipc4j-shutdown-" + id);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
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

    public Config config() {
        return config;
    }

    public String id() {
        return id;
    }

    public Path socketDirectory() {
        return socketDir;
    }

    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this context is closed");
        }
    }

    // ---- children

    /**
     * Serializes {@code target} in this thread and starts a child JVM (or hands a spare the
     * target) that runs it. A start racing close() either completes first, and its child is
     * joined or terminated by close(), or throws IllegalStateException and starts nothing.
     *
     * @param needs  the classes of what the caller gave as the target (the target itself, or
     *               a function and its arguments): the child's class path must hold them
     * @param handle the caller's object for the child, kept until the child exits, so that
     *               what its target holds stays reachable here while the child may use it
     * @throws ProcessStartException if the child could not load its bootstrap or one of
     *               {@code needs}; nothing is started
     * @throws FrameTooLargeException if the target is above the frame limit; nothing is started
     */
    public ChildLauncher.Launched launch(String name, boolean daemon, SerializableRunnable target,
                                         List<Class<?>> needs, Object handle) {
        return launch(name, daemon, target, needs, handle, null);
    }

    /**
     * The same, on the cluster node of {@code host} when it is not null.
     *
     * @throws ProcessStartException also when a host is asked for and no cluster is configured
     */
    public ChildLauncher.Launched launch(String name, boolean daemon, SerializableRunnable target,
                                         List<Class<?>> needs, Object handle, String host) {
        checkOpen();
        if (host != null && cluster == null) {
            throw new ProcessStartException("cannot start process " + name + " on host " + host + ": no cluster is "
                    + "configured (setting " + Config.CLUSTER + "); no process was started");
        }
        ChildClassPath classPath = classPathFor(needs);
        Optional<Class<?>> missing = ClassPathCheck.missing(classPath, needs.toArray(new Class<?>[0]));
        if (missing.isPresent()) {
            throw new ProcessStartException("cannot start process " + name + ": "
                    + ClassPathCheck.describe(missing.get(), classPath) + "; no process was started");
        }
        PipeHandover.Serialized serialized = PipeHandover.serialize(id, target);
        ChildRegistry.Launch launch = new ChildRegistry.Launch(name, serialized.bytes());
        long bytes = ChildRegistry.replyBytes(launch);
        if (bytes > settings.maxFrameBytes()) {
            throw new FrameTooLargeException("the target of process " + name + " serializes to "
                    + serialized.bytes().length + " bytes, which makes a start message of " + bytes
                    + " bytes, above the limit of " + settings.maxFrameBytes() + " bytes (setting "
                    + Config.MAX_FRAME_BYTES + "); no process was started");
        }
        starts.readLock().lock();
        try {
            checkOpen();
            return launchOpen(name, daemon, launch, serialized.ends(), handle, needs, classPath, host);
        } finally {
            starts.readLock().unlock();
        }
    }

    private ChildLauncher.Launched launchOpen(String name, boolean daemon, ChildRegistry.Launch launch,
                                              List<PipeEnd> ends, Object handle, List<Class<?>> needs,
                                              ChildClassPath classPath, String host) {
        // A spare was started with the class path known then: it runs only targets it can load.
        // Spares run on this machine: none serves a cluster.
        SparePool.Spare spare = cluster != null ? null : spares.take(canRun(needs.toArray(new Class<?>[0])));
        String token;
        ChildLauncher.Launched launched;
        if (spare != null) {
            token = spare.token();
            launched = spare.launched();
        } else {
            token = ChildTokens.next();
            registry.expect(token);
            try {
                launched = startChildJvm(token, name, classPath, host);
            } catch (RuntimeException e) {
                registry.forget(token);
                throw e;
            }
        }
        long childPid = launched.process().pid();
        for (PipeEnd end : ends) {
            rendezvous.handedOver(end.pipeId(), end.side(), pid, childPid);
        }
        registry.assign(token, launch);
        Child child = new Child(name, daemon, launched, handle);
        children.add(child);
        launched.process().onExit().thenRun(() -> {
            if (registry.neverConnected(token) && launched.exitCode().orElse(0) > 0 && !closed) {
                LOG.warn("process {} ended with exit status {} before it connected to its coordinator; it was "
                        + "started with the class path {} (setting {})", name, launched.process().exitValue(),
                        launched.classPath(), Config.CHILD_CLASSPATH);
            }
            if (launched.process() instanceof RemoteChild
                    && launched.process().exitValue() == RemoteChild.LOST_WITH_NODE) {
                // Its connection may stay open for minutes (a host that vanished sends no FIN):
                // what the broker handed it goes to other consumers now.
                registry.cutOff(token);
            }
            registry.forget(token);
            rendezvous.holderGone(childPid);
            children.remove(child);
        });
        return launched;
    }

    /**
     * Whether a spare, started with the class path it is given, can run a target that needs
     * {@code needs}. One place makes this test, so that {@link StartWarmUp} links it before a
     * first start needs it.
     */
    static Predicate<ChildClassPath> canRun(Class<?>[] needs) {
        return spareClassPath -> ClassPathCheck.missing(spareClassPath, needs).isEmpty();
    }

    private ChildLauncher.Launched startChildJvm(String token, String name, ChildClassPath classPath, String host) {
        if (cluster != null) {
            return ChildLauncher.launchRemote(cluster, config, ChildEnvironment.forChild(link, token), name, classPath,
                    childJvmOptions, host);
        }
        ChildLauncher.Launched launched = ChildLauncher.launch(config, ChildEnvironment.forChild(link, token), name,
                classPath, childJvmOptions);
        buildArchive(classPath);
        return launched;
    }

    /**
     * Starts the child that builds the class-data archive of children on {@code classPath}
     * when there is none and none is being built: a child of this context that runs a no-op
     * and is known to no one but the registry.
     */
    private void buildArchive(ChildClassPath classPath) {
        String token = ChildTokens.next();
        Optional<ChildLauncher.Launched> builder = Optional.empty();
        try {
            registry.expect(token);
            builder = ChildLauncher.launchArchiveBuilder(config, ChildEnvironment.forChild(link, token), classPath,
                    childJvmOptions);
            builder.ifPresent(b -> {
                archiveBuilders.add(b.process());
                b.process().onExit().thenRun(() -> archiveBuilders.remove(b.process()));
                registry.assign(token, new ChildRegistry.Launch("ipc4j-cds-builder",
                        PipeHandover.serialize(id, ArchiveWarmUp.target()).bytes()));
                b.process().onExit().thenRun(() -> registry.forget(token));
            });
        } catch (RuntimeException e) {
            // the children start without an archive
            LOG.debug("cannot start the class-data archive builder: {}", e.toString());
            builder.ifPresent(b -> b.process().destroyForcibly());
            builder = Optional.empty();
        } finally {
            if (builder.isEmpty()) {
                registry.forget(token);
            }
        }
    }

    /** The class path of a child whose target is made of {@code classes}. */
    private ChildClassPath classPathFor(List<Class<?>> classes) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        loaders.add(creatorLoader);
        for (Class<?> c : classes) {
            loaders.add(c.getClassLoader());
        }
        loaders.remove(null);
        return ChildClassPath.of(config, loaders.toArray(ClassLoader[]::new));
    }

    /**
     * Why a child whose target is made of {@code made} could not load its bootstrap or one of
     * {@code needed}; empty when it could.
     */
    public Optional<String> cannotLoad(List<Class<?>> made, List<Class<?>> needed) {
        ChildClassPath classPath = classPathFor(made);
        return ClassPathCheck.missing(classPath, needed.toArray(new Class<?>[0]))
                .map(c -> ClassPathCheck.describe(c, classPath));
    }

    /** The user's objects of the children still running. */
    public List<Object> liveChildren() {
        List<Object> live = new ArrayList<>();
        for (Child c : children) {
            if (c.launched().process().isAlive()) {
                live.add(c.handle());
            }
        }
        return live;
    }

    /** Keeps {@code n} more spare JVMs until the handle is closed. */
    public AutoCloseable reserveSpares(int n) {
        return spares.reserve(n);
    }

    /** Waits until the spare JVMs are ready; true at once when none are configured. */
    public boolean awaitSpares(long timeoutNanos) throws InterruptedException {
        return spares.awaitReady(timeoutNanos);
    }

    // ---- pipes, queues, shared objects

    /** The two ends of a new pipe, remembered weakly until neither can need opening at a join. */
    public PipeEnd[] pipe(boolean duplex) {
        checkOpen();
        String pipeId = HexFormat.of().formatHex(randomBytes(8));
        rendezvous.created(pipeId, pid);
        return pipes.make(id, pipeId, duplex);
    }

    /** Opens, in this process, pipe ends whose other end went to a child, so that its messages arrive. */
    public void openKeptPipeEnds() {
        pipes.openKept();
    }

    /** For tests: pipes whose ends have not met, and pipes with an end that may yet be opened here. */
    public int[] pipeBookkeeping() {
        return new int[] {rendezvous.size(), pipes.unsettled()};
    }

    /** A new queue of the transport {@code ipc4j.queue} names; {@code maxsize} 0 or less means unbounded. */
    public <T> JoinableQueue<T> queue(int maxsize, boolean joinable) {
        checkOpen();
        return queues.create(Math.max(0, maxsize), joinable);
    }

    /** How many queues the queue transport holds for this context. */
    public int liveQueues() {
        return queues.liveQueues();
    }

    /** The shared objects of this context ({@code ipc4j.shared}), opened on first use and freed by close. */
    public SharedObjects shared() {
        checkOpen();
        SharedObjects s = shared;
        if (s == null) {
            synchronized (this) {
                s = shared;
                if (s == null) {
                    // Shared memory does not cross hosts: with a cluster, shared objects live in a manager.
                    String provider = cluster != null && !config.isGiven(Config.SHARED) ? "manager"
                            : config.get(Config.SHARED);
                    s = SharedProviders.open(provider, id, sharedManager);
                    shared = s;
                }
            }
        }
        return s;
    }

    /** How the context starts the manager of its shared objects, when {@code ipc4j.shared=manager}. */
    public void sharedManager(Supplier<Manager> start) {
        sharedManager = start;
    }

    /** Ends the child of {@code handle} only after every other child, at close: it serves them. */
    public void endLast(Object handle) {
        endedLast.add(handle);
    }

    private synchronized void closeShared() {
        if (shared != null && !sharedClosed) {
            sharedClosed = true;
            shared.close();
        }
    }

    /** The address children dial. */
    public String controlAddress() {
        return server.address();
    }

    public int refusedConnections() {
        return control.refusedConnections();
    }

    // ---- lifetime

    /**
     * Terminates daemon children, waits for the others (as CPython does at exit), then
     * frees the server, queues, shared objects and socket files. Safe to call more than once
     * and from several threads: a second call waits for the first to finish.
     */
    @Override
    public void close() {
        if (!beginClosing()) {
            awaitReleased(-1);
            return;
        }
        try {
            // Ends this process kept unused die now, so that children reading their peers see
            // end-of-file instead of keeping the joins below waiting for ever.
            pipes.dropKept();
            endChildren();
            awaitArchiveBuilders();
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

    /**
     * Marks the coordinator closed once the starts under way have registered their children.
     *
     * @return whether this caller is the one to close it (false if a close() or the exit hook was first)
     */
    private boolean beginClosing() {
        starts.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            starts.writeLock().unlock();
        }
    }

    private void awaitReleased(long timeoutMillis) {
        try {
            if (timeoutMillis < 0) {
                released.await();
            } else {
                released.await(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for another thread to close the context");
        }
    }

    /**
     * A builder of the class-data archive needs this coordinator until it has run its no-op:
     * a script that ends right after its first child would otherwise never leave an archive
     * for the next run. Happens once per class path on a machine.
     */
    private void awaitArchiveBuilders() {
        long deadline = System.nanoTime() + ARCHIVE_BUILDER_WAIT.toNanos();
        for (Process builder : archiveBuilders) {
            try {
                builder.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void endChildren() {
        spares.close();
        for (Child c : children) {
            if (c.daemon() && !endedLast.contains(c.handle())) {
                c.launched().terminate();
            }
        }
        openKeptPipeEnds();
        for (Child c : children) {
            if (!endedLast.contains(c.handle())) {
                awaitEnd(c);
            }
        }
        if (!endedLast.isEmpty()) {
            closeShared(); // asks the shared objects' manager to stop, now that no one needs it
        }
        for (Child c : children) {
            if (endedLast.contains(c.handle())) {
                c.launched().terminate();
                awaitEnd(c);
            }
        }
    }

    private void awaitEnd(Child c) {
        Process p = c.launched().process();
        try {
            if (!c.daemon()) {
                p.waitFor();
            } else if (!p.waitFor(5, TimeUnit.SECONDS)) {
                c.launched().kill();
                p.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while waiting for process " + c.name() + " at close");
        }
        c.launched().drainOutput();
    }

    /**
     * At JVM exit: no child may outlive us, and no file may stay. If a close() is under way
     * in another thread, the children are ended under it and it is left to finish the release
     * (releasing twice would pull the queues from under it), for a bounded time.
     */
    private void abandon() {
        boolean mine = beginClosing();
        if (mine) {
            spares.close();
        }
        List<ChildLauncher.Launched> alive = new ArrayList<>();
        for (Child c : children) {
            if (c.launched().process().isAlive()) {
                c.launched().terminate();
                alive.add(c.launched());
            }
        }
        for (ChildLauncher.Launched l : alive) {
            try {
                l.process().onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                l.kill();
            }
        }
        if (mine) {
            release();
        } else {
            awaitReleased(ABANDON_WAIT_MILLIS);
        }
    }

    private void release() {
        try {
            ProcessRuntime.get().unregister(link);
            server.close();
            closeQueues();
            deleteSocketDir();
            closeShared();
            closeCluster();
        } finally {
            if (tlsClaimed) {
                TlsStores.release(); // claimed in start: this process's Listeners and Clients spoke as this context
            }
            released.countDown();
        }
    }

    private void closeCluster() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (RuntimeException e) {
                LOG.warn("cannot leave the cluster cleanly (context {})", id, e);
            }
        }
    }

    private void closeQueues() {
        try {
            queues.close();
        } catch (RuntimeException e) {
            LOG.warn("cannot free every queue of context {}", id, e);
        } finally {
            broker.close();
        }
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
