package io.ipc4j;

import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.coordinator.Coordinator;
import io.ipc4j.internal.process.ChildLauncher;
import io.ipc4j.spi.RemoteChild;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one target (CPython's {@code multiprocessing.Process}). Made by
 * {@link Context#process}; named and flagged daemon before {@link #start()}.
 *
 * <p>Exit codes follow CPython: 0 when the target returned, 1 when it threw (the stack
 * trace is printed on the child's stderr under a {@code Process <name>:} line), and
 * {@code -N} when this object ended it with signal N: {@link #terminate()} (-15) or
 * {@link #kill()} (-9). Java reports a JVM ended by signal N as exit status 128 + N, the
 * same as {@code System.exit(128 + N)}; so 128 + N reads as -N only when N is a signal sent
 * through this object, and as itself otherwise (a {@code kill -9} from elsewhere reads 137).
 */
public final class ChildProcess {
    private final Coordinator runtime;
    private final SerializableRunnable target;
    /** The classes of what the caller gave: the child must be able to load them. */
    private final List<Class<?>> needs;
    private String name;
    private boolean daemon;
    private String pinnedHost;
    private volatile ChildLauncher.Launched launched;
    private volatile boolean closed;

    ChildProcess(Coordinator runtime, SerializableRunnable target, List<Class<?>> needs, String defaultName) {
        this.runtime = runtime;
        this.target = Objects.requireNonNull(target, "target");
        this.needs = List.copyOf(needs);
        this.name = defaultName;
    }

    /** Sets the name shown in messages and by {@link Context#currentProcess()} in the child. */
    public ChildProcess name(String name) {
        requireNotStarted("name");
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** A daemon child is terminated when its context closes; others are waited for. */
    public ChildProcess daemon(boolean daemon) {
        requireNotStarted("daemon");
        this.daemon = daemon;
        return this;
    }

    /**
     * Runs the child on the cluster node of {@code host} (as the node names itself: the
     * address it is bound to) instead of where the placement policy would put it.
     * {@link #start()} fails when no cluster is configured ({@code ipc4j.cluster}) or no node
     * is on that host.
     */
    public ChildProcess onHost(String host) {
        requireNotStarted("the host");
        this.pinnedHost = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * The host the child runs on: its cluster node's address, or {@code localhost} on this
     * machine. @throws IllegalStateException before start
     */
    public String host() {
        return launched("get the host of").process() instanceof RemoteChild r ? r.host() : "localhost";
    }

    public String name() {
        return name;
    }

    public boolean isDaemon() {
        return daemon;
    }

    private void requireNotStarted(String what) {
        if (launched != null) {
            throw new IllegalStateException("cannot set " + what + " of process " + name + " after start()");
        }
    }

    /**
     * Serializes the target in this thread and starts the child JVM.
     *
     * @throws SerializationException if the target or what it captures cannot be sent
     * @throws FrameTooLargeException if the serialized target is above {@code ipc4j.maxFrameBytes}
     * @throws ProcessStartException if the JVM cannot be started, or the class path it would
     *         get lacks ipc4j's own classes or the class of the target (the message names the
     *         class, where it was loaded from here, and the class path); nothing is started then
     * @throws IllegalStateException if already started, or the context is closed
     */
    public synchronized ChildProcess start() {
        if (closed) {
            throw new IllegalStateException("process " + name + " is closed");
        }
        if (launched != null) {
            throw new IllegalStateException("process " + name + " can only be started once");
        }
        launched = runtime.launch(name, daemon, target, needs, this, pinnedHost);
        return this;
    }

    private ChildLauncher.Launched launched(String what) {
        ChildLauncher.Launched l = launched;
        if (l == null) {
            throw new IllegalStateException("cannot " + what + " process " + name + ": it was not started");
        }
        return l;
    }

    /** Waits until the child ends. */
    public void join() {
        ChildLauncher.Launched l = launched("join");
        runtime.openKeptPipeEnds();
        try {
            l.process().waitFor();
            l.drainOutput();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while joining process " + name);
        }
    }

    /** Waits at most {@code timeout} for the child to end. @return whether it ended */
    public boolean join(Duration timeout) {
        ChildLauncher.Launched l = launched("join");
        runtime.openKeptPipeEnds();
        try {
            boolean ended = l.process().waitFor(Timeouts.nanosOrZero(timeout), TimeUnit.NANOSECONDS);
            if (ended) {
                l.drainOutput();
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while joining process " + name);
        }
    }

    /**
     * A future completed with this object once the child has ended, when {@link #exitCode()}
     * is known: to act on a child's end without a thread waiting in {@link #join()} (as
     * {@link Process#onExit()}). Unlike {@code join()}, it does not wait for the child's last
     * output to be copied here.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public CompletableFuture<ChildProcess> onExit() {
        return launched("wait for the end of").process().onExit().thenApply(ended -> this);
    }

    /**
     * Waits, up to {@code timeoutNanos}, until this JVM has printed what the child had written
     * to its standard output and error when it counted {@code out} and {@code err} bytes
     * (see {@link io.ipc4j.internal.ChildOutput}).
     */
    void awaitOutput(long out, long err, long timeoutNanos) {
        ChildLauncher.Launched l = launched;
        if (l != null) {
            l.awaitOutput(out, err, timeoutNanos);
        }
    }

    /** Whether the child was started and has not ended. */
    public boolean isAlive() {
        ChildLauncher.Launched l = launched;
        return l != null && l.process().isAlive();
    }

    /** The child's operating-system pid. @throws IllegalStateException before start */
    public long pid() {
        return launched("get the pid of").process().pid();
    }

    /** The exit code, empty while the child runs or before it started. */
    public OptionalInt exitCode() {
        ChildLauncher.Launched l = launched;
        return l == null ? OptionalInt.empty() : l.exitCode();
    }

    /** Sends SIGTERM; the exit code becomes -15 unless the child ended otherwise first. */
    public void terminate() {
        ChildLauncher.Launched l = launched;
        if (l != null) {
            l.terminate();
        }
    }

    /** Sends SIGKILL; the exit code becomes -9 unless the child ended otherwise first. */
    public void kill() {
        ChildLauncher.Launched l = launched;
        if (l != null) {
            l.kill();
        }
    }

    /** Releases this object. @throws IllegalStateException while the child is still running */
    public void close() {
        if (isAlive()) {
            throw new IllegalStateException("cannot close process " + name + ": it is still running");
        }
        closed = true;
    }

    @Override
    public String toString() {
        ChildLauncher.Launched l = launched;
        String state = l == null ? "initial" : l.process().isAlive() ? "started" : "stopped";
        StringBuilder sb = new StringBuilder("<ChildProcess name='").append(name).append("'");
        if (l != null) {
            sb.append(" pid=").append(l.process().pid());
            if (l.process() instanceof RemoteChild r) {
                sb.append(" host=").append(r.host());
            }
        }
        sb.append(' ').append(state);
        exitCode().ifPresent(c -> sb.append(" exitcode=").append(c));
        if (daemon) {
            sb.append(" daemon");
        }
        return sb.append('>').toString();
    }
}
