package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.Address;
import io.ipc4j.AuthenticationException;
import io.ipc4j.Connection;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.Listener;
import io.ipc4j.Manager;
import io.ipc4j.MethodNotExposedException;
import io.ipc4j.SerializationException;
import io.ipc4j.internal.RemoteErrors;
import io.ipc4j.internal.process.ProcessRuntime;
import io.ipc4j.internal.wire.ObjectCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A manager server: accepts authenticated connections on a {@link Listener} and serves each in
 * a thread of its own, one call at a time, so a call that blocks holds up only its caller.
 */
public final class ManagerServer implements Manager.Server {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    final long serverId = RANDOM.nextLong();
    final byte[] key;
    final String keyContext;
    final TypeTable types = new TypeTable();
    final ObjectTable table = new ObjectTable();
    private final Listener listener;
    private final Address dialAddress;
    private final Map<Integer, Worker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    /** Open connections by session, and what to run when a session ends. Guarded by this. */
    private final Map<Long, Integer> sessionConnections = new HashMap<>();
    private final Map<Long, List<Runnable>> sessionEndActions = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** How often a running call's connection is looked at for the end of the stream. */
    private static final long WATCH_MILLIS = 100;
    private static final long ACCEPT_PAUSE_MILLIS = 200;
    private volatile boolean closed;

    private ManagerServer(ManagerSpec spec) {
        this.key = spec.authKey;
        this.keyContext = spec.keyContext;
        BuiltinTypes.registerAll(types);
        for (ManagerSpec.Registration r : spec.types) {
            types.add(r.typeId(), r.factory(), r.api());
        }
        this.listener = new Listener(spec.address, key, ManagerChannels.settingsOf(spec.context));
        this.dialAddress = dialAddress(listener.address());
        Thread t = new Thread(this::acceptLoop, "ipc4j-manager-accept");
        t.setDaemon(true);
        t.start();
        Thread w = new Thread(this::watchLoop, "ipc4j-manager-watch");
        w.setDaemon(true);
        w.start();
    }

    /** Starts serving {@code spec} (its address and key set) on background threads. */
    public static ManagerServer start(ManagerSpec spec) {
        return new ManagerServer(spec);
    }

    /**
     * What the manager's child process runs: serves, tells {@code parent} where (or why it
     * could not), and returns once shut down.
     */
    public static void runInChild(ManagerSpec spec, Connection parent) {
        ManagerServer server;
        try {
            if (spec.address == null && spec.tcpOfContext != null) {
                spec.address = Address.tcp(ProcessRuntime.get().link(spec.tcpOfContext).settings().bindHost(), 0);
            }
            server = start(spec);
        } catch (RuntimeException e) {
            parent.send(new Object[] {e.getClass().getName() + ": " + e.getMessage()});
            throw e;
        }
        parent.send(new Object[] {server.address().toString(), server.serverId});
        server.awaitShutdown();
    }

    @Override
    public Address address() {
        return dialAddress;
    }

    /**
     * Where clients dial: the listening address, but for one bound to every interface
     * ({@code 0.0.0.0}), this host's address, which other hosts can reach.
     */
    private static Address dialAddress(Address listening) {
        if (!listening.isTcp()) {
            return listening;
        }
        try {
            java.net.InetAddress host = java.net.InetAddress.getByName(listening.host());
            if (!host.isAnyLocalAddress()) {
                return listening;
            }
            return Address.tcp(java.net.InetAddress.getLocalHost().getHostAddress(), listening.port());
        } catch (java.net.UnknownHostException e) {
            LOG.warn("manager server at {}: this host's address is unknown; proxies carry the listening address",
                    listening, e);
            return listening;
        }
    }

    @Override
    public void awaitShutdown() {
        while (true) {
            try {
                stopped.await();
                return;
            } catch (InterruptedException e) {
                // serving forever: only a shutdown ends it
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        listener.close();
        for (Worker w : workers.values()) {
            w.connection.close();
            w.thread.interrupt();
        }
        table.clear();
        stopped.countDown();
    }

    private void acceptLoop() {
        while (!closed) {
            Connection c;
            try {
                c = listener.accept();
            } catch (AuthenticationException e) {
                LOG.warn("manager server at {}: a peer failed authentication: {}", address(), e.getMessage());
                continue;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                // out of file descriptors, say: serving the connections open goes on, accepting again after a pause
                LOG.warn("manager server at {}: accepting failed; trying again in {} ms", address(), ACCEPT_PAUSE_MILLIS, e);
                try {
                    Thread.sleep(ACCEPT_PAUSE_MILLIS);
                } catch (InterruptedException x) {
                    return;
                }
                continue;
            }
            Worker w = new Worker(c, connectionIds.incrementAndGet());
            Thread t = new Thread(w, "ipc4j-manager-" + w.id);
            t.setDaemon(true);
            w.thread = t;
            workers.put(w.id, w);
            t.start();
        }
    }

    /**
     * Looks, while a call runs, whether its connection ended: a worker reads its connection
     * only between calls, so a caller that died in a blocked call would otherwise go unnoticed.
     */
    private void watchLoop() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (Worker w : workers.values()) {
                w.checkCallerGone();
            }
        }
    }

    synchronized void onSessionEnd(long session, Runnable action) {
        sessionEndActions.computeIfAbsent(session, s -> new ArrayList<>()).add(action);
    }

    private synchronized void connected(long session) {
        sessionConnections.merge(session, 1, Integer::sum);
    }

    private void disconnected(long session) {
        List<Runnable> actions;
        synchronized (this) {
            if (sessionConnections.merge(session, -1, Integer::sum) > 0) {
                return;
            }
            sessionConnections.remove(session);
            actions = sessionEndActions.remove(session);
        }
        table.sessionEnded(session);
        if (actions != null) {
            for (Runnable a : actions) {
                try {
                    a.run();
                } catch (RuntimeException e) {
                    LOG.warn("manager server: an action at the end of a client session failed", e);
                }
            }
        }
    }

    /** A call on an object of this server from this JVM: no serialization, the arguments as they are. */
    Object invokeLocal(long id, String signature, Object[] args) throws Exception {
        ManagerCall call = ManagerCall.currentOrNull();
        if (call != null) {
            call.localDepth++;
        }
        try {
            return invoke(id, signature, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof Exception x) {
                throw x;
            }
            throw (Error) t;
        } finally {
            if (call != null) {
                call.localDepth--;
            }
        }
    }

    private Object invoke(long id, String signature, Object[] args) throws InvocationTargetException {
        ObjectTable.Entry e = table.get(id);
        if (e == null) {
            throw new IllegalStateException("the manager holds no object #" + id + " any more");
        }
        Method m = e.type.method(signature);
        if (m == null) {
            throw new MethodNotExposedException("method " + signature + " is not exposed by type '" + e.type.typeId
                    + "' (" + e.type.api.getName() + ") in the manager server");
        }
        try {
            return m.invoke(e.object, args);
        } catch (IllegalAccessException x) {
            throw new IllegalStateException("the manager server cannot call " + m + ": " + x.getMessage(), x);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("bad arguments for " + signature + ": " + x.getMessage(), x);
        }
    }

    /** Serves one connection: its calls in order, in this thread. */
    private final class Worker implements Runnable {
        final Connection connection;
        final int id;
        Thread thread;
        private final Output out = new Output(256, -1);
        /** The ids the reply being written counted for the caller. */
        private final List<Long> replyCounts = new ArrayList<>();
        private ManagerCall call;
        /** The call running now (0 if none), the last one done, and one to interrupt as soon as it starts. Guarded by this. */
        private int running;
        private int done;
        private int pendingInterrupt;
        /** Whether the connection ended during a call; it then counts as disconnected at once. */
        private boolean callerGone;
        private long session;
        private boolean helloDone;

        Worker(Connection connection, int id) {
            this.connection = connection;
            this.id = id;
        }

        @Override
        public void run() {
            try {
                Input in = new Input(connection.recvBytes());
                if (in.readByte() != Wire.HELLO) {
                    LOG.warn("manager server: a connection did not begin with a hello; closed");
                    return;
                }
                long session = in.readLong();
                connected(session);
                synchronized (this) {
                    this.session = session;
                    helloDone = true;
                }
                call = new ManagerCall(ManagerServer.this, session);
                call.bind();
                out.reset();
                out.writeByte(Wire.OK);
                out.writeLong(serverId);
                out.writeVarInt(id, true);
                out.writeVarLong(ProcessHandle.current().pid(), true);
                connection.sendBytes(out.getBuffer(), 0, out.position());
                while (true) {
                    byte[] request = connection.recvBytes();
                    out.reset();
                    serve(new Input(request));
                    if (closed || callerGone()) {
                        return;
                    }
                    sendReply();
                    if (out.getBuffer().length > 1 << 20) {
                        out.setBuffer(new byte[256], -1);
                    }
                }
            } catch (ConnectionEOFException e) {
                // the client went
            } catch (IpcException | IllegalStateException e) {
                if (!closed) {
                    LOG.debug("manager server: connection {} ends: {}", id, e.toString());
                }
            } finally {
                workers.remove(id);
                connection.close();
                if (takeDisconnect()) {
                    disconnected(session);
                }
            }
        }

        /** Whether this worker still has to count its connection as gone (true once). */
        private synchronized boolean takeDisconnect() {
            boolean take = helloDone && !callerGone;
            helloDone = false;
            return take;
        }

        private synchronized boolean callerGone() {
            return callerGone;
        }

        /**
         * If a call runs and its connection shows the end of the stream (the caller sends
         * nothing else during a call), the caller is gone: the call is interrupted, and the
         * connection counts as closed now, so the session can end while the call still blocks.
         */
        void checkCallerGone() {
            long endedSession;
            synchronized (this) {
                if (running == 0 || callerGone) {
                    return;
                }
                try {
                    if (!connection.poll()) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // closed here: the same as gone
                }
                callerGone = true;
                if (call != null) {
                    call.markCallerGone();
                }
                thread.interrupt();
                if (!helloDone) {
                    return;
                }
                helloDone = false;
                endedSession = session;
            }
            LOG.debug("manager server: the caller of connection {} went during a call; interrupted", id);
            disconnected(endedSession);
        }

        /** Sends the reply in {@code out}; one too large for a frame is answered with the error instead. */
        private void sendReply() {
            try {
                connection.sendBytes(out.getBuffer(), 0, out.position());
                replyCounts.clear();
            } catch (FrameTooLargeException e) {
                giveBackReplyCounts();
                int size = out.position();
                out.reset();
                error(new FrameTooLargeException("the manager's reply of " + size + " bytes is larger than a frame may be ("
                        + e.getMessage() + "); raise ipc4j.maxFrameBytes or ask for less at a time"));
                connection.sendBytes(out.getBuffer(), 0, out.position());
            }
        }

        private void serve(Input in) {
            byte op = in.readByte();
            try {
                switch (op) {
                    case Wire.CALL -> call(in);
                    case Wire.CREATE -> create(in);
                    case Wire.RELEASE -> {
                        int n = in.readVarInt(true);
                        for (int i = 0; i < n; i++) {
                            table.release(call.callerSession(), in.readVarLong(true));
                        }
                        out.writeByte(Wire.OK);
                    }
                    case Wire.IN_FLIGHT -> {
                        table.countInFlight(in.readVarLong(true));
                        out.writeByte(Wire.OK);
                    }
                    case Wire.ADOPT -> {
                        table.adopt(call.callerSession(), in.readVarLong(true));
                        out.writeByte(Wire.OK);
                    }
                    case Wire.INTERRUPT -> {
                        Worker w = workers.get(in.readVarInt(true));
                        int seq = in.readVarInt(true);
                        if (w != null && w.call != null && w.call.callerSession() == call.callerSession()) {
                            w.interrupt(seq);
                        }
                        out.writeByte(Wire.OK);
                    }
                    case Wire.LIVE_OBJECTS -> {
                        out.writeByte(Wire.OK);
                        out.writeVarInt(liveObjects(), true);
                    }
                    case Wire.SHUTDOWN -> {
                        out.writeByte(Wire.OK);
                        connection.sendBytes(out.getBuffer(), 0, out.position());
                        out.reset();
                        close();
                    }
                    default -> throw new IllegalStateException("unknown manager request " + op);
                }
            } catch (RuntimeException | Error e) {
                out.reset();
                error(e);
            }
        }

        private void call(Input in) {
            long objectId = in.readVarLong(true);
            String signature = in.readString();
            call.thread = in.readVarLong(true);
            int seq = in.readVarInt(true);
            Object[] args = readArgs(in);
            Object result;
            begin(seq);
            try {
                result = invoke(objectId, signature, args);
            } catch (InvocationTargetException e) {
                error(e.getCause());
                return;
            } finally {
                end(seq);
            }
            if (callerGone()) {
                if (result != null) {
                    LOG.warn("manager server: the caller of {} went before it returned; its result (a {}) is dropped",
                            signature, result.getClass().getName());
                }
                return;
            }
            reply(result, signature);
        }

        private void create(Input in) {
            String typeId = in.readString();
            Object[] args = readArgs(in);
            TypeTable.Type type = types.get(typeId);
            Object object;
            try {
                object = type.factory.make(args);
            } catch (Exception e) {
                error(e);
                return;
            }
            if (object == null) {
                throw new IllegalStateException("the factory of type '" + typeId + "' returned null");
            }
            reply(ManagedRef.transientLocal(ManagerServer.this, typeId, table.add(object, type)), "create " + typeId);
        }

        private Object[] readArgs(Input in) {
            int n = in.readVarInt(true);
            Object[] args = new Object[n];
            Object previous = CodecScope.enter(new CodecScope.ServerSide(ManagerServer.this, call.callerSession(), null));
            try {
                for (int i = 0; i < n; i++) {
                    args[i] = ObjectCodec.read(in);
                }
            } finally {
                CodecScope.exit(previous);
            }
            return args;
        }

        private void reply(Object result, String what) {
            out.writeByte(Wire.OK);
            replyCounts.clear();
            Object previous = CodecScope.enter(new CodecScope.ServerSide(ManagerServer.this, call.callerSession(),
                    replyCounts));
            try {
                ObjectCodec.write(out, result);
            } catch (SerializationException e) {
                giveBackReplyCounts();
                out.reset();
                error(new SerializationException("the result of " + what + " cannot be sent back: " + e.getMessage(), e));
            } finally {
                CodecScope.exit(previous);
            }
        }

        /** The counts a reply took for the caller, which it will not get. */
        private void giveBackReplyCounts() {
            for (long ref : replyCounts) {
                table.release(call.callerSession(), ref);
            }
            replyCounts.clear();
        }

        private void error(Throwable t) {
            out.writeByte(Wire.ERROR);
            out.writeString(t.getClass().getName());
            out.writeString(String.valueOf(t.getMessage()));
            out.writeString(RemoteErrors.trace(t));
        }

        private synchronized void begin(int seq) {
            running = seq;
            if (pendingInterrupt == seq) {
                thread.interrupt();
            }
        }

        private synchronized void end(int seq) {
            running = 0;
            done = seq;
            Thread.interrupted();
        }

        synchronized void interrupt(int seq) {
            if (running == seq) {
                thread.interrupt();
            } else if (seq > done) {
                pendingInterrupt = seq;
            }
        }
    }

    /** The objects held; references held inside other objects go only by garbage collection, so collect first. */
    private int liveObjects() {
        for (int i = 0; i < 20 && table.held() > 0; i++) {
            int before = table.size();
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (table.size() == before && i > 2) {
                break;
            }
        }
        return table.size();
    }

    @Override
    public String toString() {
        return "ManagerServer[" + address() + "]";
    }
}
