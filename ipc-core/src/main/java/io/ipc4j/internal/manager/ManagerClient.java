package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.Address;
import io.ipc4j.AuthenticationException;
import io.ipc4j.Client;
import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.ManagerLostException;
import io.ipc4j.internal.RemoteErrors;
import io.ipc4j.internal.wire.ObjectCodec;

import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of one manager, one per process per manager. It keeps a few connections
 * open; a calling thread borrows one for the round trip of its call (so many threads may share
 * one proxy, each call on its own connection), and the server runs the call in the thread that
 * serves that connection. Counts of references garbage-collected here go back in batches.
 */
public final class ManagerClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ConcurrentHashMap<Long, ManagerClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Idle connections kept for later calls; more are closed as they come back. */
    private static final int MAX_IDLE = 8;
    private static final int RELEASE_BATCH = 1024;
    /** How long an interrupted caller waits for its call's reply before it abandons the call. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagerClient.class);

    /** How often each client's anchor connection is looked at for the end of the stream. */
    private static final long WATCH_MILLIS = 500;

    static {
        Thread watch = new Thread(ManagerClient::watchLoop, "ipc4j-manager-client-watch");
        watch.setDaemon(true);
        watch.start();
    }

    final long serverId;
    final Address address;
    final byte[] key;
    /** The context whose key {@link #key} is, or null (see {@link ManagerKeys}). */
    final String keyContext;
    /** What this client's connections take from its manager's context (see {@link ManagerChannels}). */
    private final java.util.Map<String, String> channelSettings;
    private final long session = RANDOM.nextLong();
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> releases = new ConcurrentLinkedQueue<>();
    /** Sends the releases: a thread per client (ending when idle), so a manager that hangs holds up only its own. */
    private final ThreadPoolExecutor releaser = newReleaser();
    private final AtomicBoolean releaseScheduled = new AtomicBoolean();
    private final LongAdder roundTrips = new LongAdder();
    private volatile long serverPid;
    private volatile String lost;
    /**
     * A connection that carries no calls and stays open while this client lives: the server
     * keeps this process's counts while any connection of its session is open, so closing a
     * call's connection after a failure never gives them back early.
     */
    private volatile Conn anchor;

    /** One open connection and what it needs for a call: its id in the server, its call number, its buffer. */
    private static final class Conn {
        final Connection connection;
        final Output out = new Output(256, -1);
        int id;
        int seq;

        Conn(Connection connection) {
            this.connection = connection;
        }
    }

    private ManagerClient(long serverId, Address address, byte[] key, String keyContext, String context) {
        this.channelSettings = ManagerChannels.settingsOf(context);
        this.serverId = serverId;
        this.address = address;
        this.key = key;
        this.keyContext = keyContext;
        if (serverId != 0) {
            ManagerKeys.remember(serverId, key);
        }
    }

    /**
     * This process's client of the manager {@code serverId} at {@code address}, made (not yet connected) if there is none.
     *
     * @param context the context the manager belongs to, whose channel settings the connections take; null for the JVM's
     */
    static ManagerClient of(long serverId, Address address, byte[] key, String keyContext, String context) {
        return CLIENTS.computeIfAbsent(serverId, id -> new ManagerClient(id, address, key, keyContext, context));
    }

    /**
     * This process's client of a manager whose proxy it received.
     *
     * @throws IpcException if this process does not know the manager's key
     */
    static ManagerClient received(long serverId, String address, String keyContext) {
        ManagerClient c = CLIENTS.get(serverId);
        if (c != null) {
            return c;
        }
        byte[] key = ManagerKeys.of(serverId, address, keyContext);
        return of(serverId, Address.parse(address), key, keyContext, keyContext);
    }

    /** @throws IllegalStateException if this process has no client of that manager */
    static ManagerClient existing(long serverId) {
        ManagerClient c = CLIENTS.get(serverId);
        if (c == null) {
            throw new IllegalStateException("this process has no client of manager " + Long.toHexString(serverId));
        }
        return c;
    }

    /**
     * Connects to the manager at {@code address} and returns this process's client of it.
     *
     * @throws AuthenticationException if the key is wrong
     * @throws ManagerLostException    if nothing serves there
     */
    static ManagerClient connect(Address address, byte[] key) {
        ManagerClient probe = new ManagerClient(0, address, key, null, null);
        probe.open(null).connection.close();
        while (true) {
            ManagerClient client = of(probe.helloServerId, address, key, null, null);
            client.giveBack(client.borrow(), true);
            if (client.openHandle()) {
                return client;
            }
            // closed by its last handle just now: a new client
        }
    }

    /** Handles from {@link #connect} using this client: the last one to close closes it. Guarded by this. */
    private int handles;

    private synchronized boolean openHandle() {
        if (lost != null) {
            return false;
        }
        handles++;
        return true;
    }

    /** One handle from {@link #connect} is closed: closes this client if it was the last. */
    synchronized void closeHandle() {
        if (--handles == 0) {
            close("this process closed its connection to the manager at " + address);
        }
    }

    /** The server id the last hello told (for {@link #connect}). */
    private volatile long helloServerId;

    /** The pid of the server process. */
    long serverPid() {
        if (serverPid == 0) {
            giveBack(borrow(), true);
        }
        return serverPid;
    }

    /**
     * Closes the clients whose manager went: the anchor carries no calls, so anything readable
     * on it is the end of the stream. Without this, a process that holds proxies but makes no
     * calls would keep its connections to a dead manager open.
     */
    private static void watchLoop() {
        while (true) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (ManagerClient c : CLIENTS.values()) {
                Conn a = c.anchor;
                if (a == null || c.lost != null) {
                    continue;
                }
                boolean ended;
                try {
                    ended = a.connection.poll();
                } catch (RuntimeException e) {
                    ended = true;
                }
                if (ended) {
                    c.close("the manager at " + c.address + " is gone (its connection ended)");
                }
            }
        }
    }

    /** Whether this client is closed: its manager went, or this process closed it. */
    public boolean isClosed() {
        return lost != null;
    }

    /**
     * How many calls on managed objects this client made, each one round trip: for tests that
     * count them. Control messages (releases, sent when a collected proxy is cleaned up, at
     * any moment) are not counted.
     */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /** Makes a new object of {@code typeId} in the server: the server runs the factory registered for it. */
    public ManagedRef create(String typeId, Object... args) {
        Conn c = borrow();
        Output out = c.out;
        out.reset();
        out.writeByte(Wire.CREATE);
        out.writeString(typeId);
        try {
            return (ManagedRef) send(c, out, args, NO_EXCEPTIONS);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Class<?>[] NO_EXCEPTIONS = new Class<?>[0];

    /** One call: method {@code signature} of object {@code id} with {@code args}, run in the server. */
    Object call(long id, String signature, Object[] args, Class<?>[] declared) throws Exception {
        Conn c = borrow();
        Output out = c.out;
        out.reset();
        out.writeByte(Wire.CALL);
        out.writeVarLong(id, true);
        out.writeString(signature);
        out.writeVarLong(Thread.currentThread().getId(), true);
        out.writeVarInt(++c.seq, true);
        return send(c, out, args, declared);
    }

    /** Writes the arguments after the header in {@code out}, sends, and reads the reply. */
    private Object send(Conn c, Output out, Object[] args, Class<?>[] declared) throws Exception {
        boolean clean = false;
        try {
            out.writeVarInt(args.length, true);
            Object previous = CodecScope.enter(this);
            try {
                for (Object a : args) {
                    ObjectCodec.write(out, a);
                }
            } finally {
                CodecScope.exit(previous);
            }
            roundTrips.increment();
            Input reply = roundTrip(c, out);
            clean = true;
            if (reply.readByte() == Wire.OK) {
                previous = CodecScope.enter(this);
                try {
                    return ObjectCodec.read(reply);
                } finally {
                    CodecScope.exit(previous);
                }
            }
            throw remoteError(reply, declared);
        } catch (io.ipc4j.SerializationException e) {
            clean = true;
            throw e;
        } finally {
            if (out.getBuffer().length > 1 << 20) {
                out.setBuffer(new byte[256], -1);
            }
            giveBack(c, clean);
            // a reference among the arguments holds no count in flight (ARG mode): it must outlive the call
            Reference.reachabilityFence(args);
        }
    }

    private static Exception remoteError(Input reply, Class<?>[] declared) {
        String type = reply.readString();
        String message = reply.readString();
        String trace = reply.readString();
        if (type.equals(InterruptedException.class.getName())) {
            Thread.currentThread().interrupt();
            IpcInterruptedException e = new IpcInterruptedException("interrupted in the manager server: " + message);
            e.initCause(new io.ipc4j.RemoteTraceback(trace));
            return e;
        }
        return RemoteErrors.rebuild(type, message, trace, declared);
    }

    /**
     * Sends the request and waits for the reply, spinning then parking as pipes do. An
     * interrupt does not abandon the call: the server is told to interrupt it, and its outcome
     * is still awaited; the interrupt status is set again afterwards.
     */
    private Input roundTrip(Conn c, Output out) {
        try {
            c.connection.sendBytes(out.getBuffer(), 0, out.position());
        } catch (FrameTooLargeException e) {
            throw e;
        } catch (IpcException e) {
            if (Thread.currentThread().isInterrupted()) {
                // a request cut short leaves the stream unusable: this connection goes (the caller does not give it back)
                throw new IpcInterruptedException("interrupted while sending a call to the manager at " + address);
            }
            throw lost(e);
        }
        boolean interrupted = false;
        long giveUpAt = 0;
        try {
            while (true) {
                long left = giveUpAt - System.nanoTime();
                if (interrupted && left <= 0) {
                    // the server does not answer (stopped, or the call ignores interrupts): this connection goes
                    throw new IpcInterruptedException("interrupted in a call to the manager at " + address
                            + ", which did not answer within " + INTERRUPT_GRACE.toMillis() + " ms; the call is abandoned");
                }
                try {
                    return new Input(interrupted ? c.connection.recvBytes(Duration.ofNanos(left))
                            : c.connection.recvBytes());
                } catch (ConnectionEOFException e) {
                    throw lost(e);
                } catch (FrameTooLargeException e) {
                    throw e;
                } catch (IpcTimeoutException e) {
                    // the grace after an interrupt is over: the loop gives up
                } catch (IpcException e) {
                    if (!Thread.interrupted()) {
                        throw lost(e);
                    }
                    if (!interrupted) {
                        interrupted = true;
                        giveUpAt = System.nanoTime() + INTERRUPT_GRACE.toNanos();
                        interruptSoon(c.id, c.seq);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Asks the server, from another thread, to interrupt a call: the caller waits for the
     * call's reply meanwhile, at most {@link #INTERRUPT_GRACE}.
     */
    private void interruptSoon(int connectionId, int seq) {
        Thread t = new Thread(() -> {
            try {
                control(Wire.INTERRUPT, connectionId, seq);
            } catch (RuntimeException e) {
                LOG.debug("could not ask the manager at {} to interrupt a call: {}", address, e.toString());
            }
        }, "ipc4j-manager-interrupt");
        t.setDaemon(true);
        t.start();
    }

    /** Takes a count for a reference being serialized here (see {@link ManagedRefSerializer}). */
    void countInFlight(long id) {
        control(Wire.IN_FLIGHT, id, -1);
    }

    /** Makes an in-flight count this process's. */
    void adopt(long id) {
        control(Wire.ADOPT, id, -1);
    }

    /** How many objects the server holds. */
    public int liveObjects() {
        return (int) control(Wire.LIVE_OBJECTS, -1, -1);
    }

    /** A request with at most two numbers and no objects (so it may run inside a serializer). */
    private long control(byte op, long a, int b) {
        Conn c = borrow();
        boolean clean = false;
        try {
            Output out = new Output(24);
            out.writeByte(op);
            if (a >= 0) {
                out.writeVarLong(a, true);
            }
            if (b >= 0) {
                out.writeVarInt(b, true);
            }
            Input reply = roundTrip(c, out);
            clean = true;
            if (reply.readByte() != Wire.OK) {
                throw (RuntimeException) remoteError(reply, NO_EXCEPTIONS);
            }
            return op == Wire.LIVE_OBJECTS ? reply.readVarInt(true) : 0;
        } finally {
            giveBack(c, clean);
        }
    }

    private static ThreadPoolExecutor newReleaser() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ipc4j-manager-release");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** A count this process held is given back, soon, in a batch. */
    void release(long id) {
        if (lost != null) {
            return;
        }
        releases.add(id);
        if (releaseScheduled.compareAndSet(false, true)) {
            releaser.execute(this::flushReleases);
        }
    }

    private void flushReleases() {
        releaseScheduled.set(false);
        while (!releases.isEmpty() && lost == null) {
            Output out = new Output(64, -1);
            out.writeByte(Wire.RELEASE);
            long[] ids = new long[RELEASE_BATCH];
            int n = 0;
            Long id;
            while (n < RELEASE_BATCH && (id = releases.poll()) != null) {
                ids[n++] = id;
            }
            out.writeVarInt(n, true);
            for (int i = 0; i < n; i++) {
                out.writeVarLong(ids[i], true);
            }
            try {
                Conn c = borrow();
                boolean clean = false;
                try {
                    roundTrip(c, out);
                    clean = true;
                } finally {
                    giveBack(c, clean);
                }
            } catch (RuntimeException e) {
                return; // the manager is gone: nothing to give back to
            }
        }
    }

    /**
     * Asks the server to stop (a polite shutdown) and waits up to {@code timeout} for its
     * answer; quiet if it is gone already or does not answer.
     */
    void shutdown(Duration timeout) {
        try {
            Conn c = idle.pollFirst();
            if (c == null) {
                c = open(timeout.isZero() ? Duration.ofMillis(1) : timeout);
            }
            Output out = new Output(8);
            out.writeByte(Wire.SHUTDOWN);
            try {
                c.connection.sendBytes(out.getBuffer(), 0, out.position());
                c.connection.recvBytes(timeout.isZero() ? Duration.ofMillis(1) : timeout);
            } finally {
                c.connection.close();
            }
        } catch (RuntimeException e) {
            // gone already, or too slow: the caller terminates it
        }
        close("the manager at " + address + " was shut down");
    }

    /** Closes this process's connections; its proxies fail with {@link ManagerLostException} from now on. */
    void close(String why) {
        if (lost == null) {
            lost = why;
        }
        CLIENTS.remove(serverId, this);
        Conn a = anchor;
        if (a != null) {
            a.connection.close();
        }
        Conn c;
        while ((c = idle.poll()) != null) {
            c.connection.close();
        }
    }

    private ManagerLostException lost(Throwable cause) {
        close("the manager at " + address + " is gone (" + cause.getMessage() + ")");
        return new ManagerLostException(lost, cause);
    }

    private Conn borrow() {
        String why = lost;
        if (why != null) {
            throw new ManagerLostException(why);
        }
        if (anchor == null) {
            openAnchor();
        }
        Conn c = idle.pollFirst();
        if (c != null) {
            idleCount.decrementAndGet();
            return c;
        }
        return open(null);
    }

    private synchronized void openAnchor() {
        if (anchor == null) {
            anchor = open(null);
            if (lost != null) {
                anchor.connection.close();
            }
        }
    }

    /** @param timeout how long connecting and the hello may take; null for the usual connect timeout, then no limit */
    private Conn open(Duration timeout) {
        Connection connection;
        try {
            connection = Client.connect(address, key, timeout == null ? CONNECT_TIMEOUT : timeout, channelSettings);
        } catch (AuthenticationException e) {
            throw e;
        } catch (IpcException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IpcInterruptedException("interrupted while connecting to the manager at " + address);
            }
            throw lost(e);
        }
        Conn c = new Conn(connection);
        Output out = c.out;
        out.writeByte(Wire.HELLO);
        out.writeLong(session);
        Input reply;
        try {
            if (timeout == null) {
                reply = roundTrip(c, out);
            } else {
                connection.sendBytes(out.getBuffer(), 0, out.position());
                reply = new Input(connection.recvBytes(timeout));
            }
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        reply.readByte();
        helloServerId = reply.readLong();
        c.id = reply.readVarInt(true);
        serverPid = reply.readVarLong(true);
        return c;
    }

    private void giveBack(Conn c, boolean clean) {
        if (!clean || lost != null) {
            c.connection.close();
            return;
        }
        if (idleCount.get() >= MAX_IDLE) {
            c.connection.close();
            return;
        }
        idleCount.incrementAndGet();
        idle.offerFirst(c);
        if (lost != null && idle.remove(c)) {
            c.connection.close();
        }
    }

    @Override
    public String toString() {
        return "ManagerClient[" + address + "]";
    }
}
