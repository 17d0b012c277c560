package io.ipc4j.mmap;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a process wakes threads parked in other processes, since Java has no futex: each
 * process that parks on a context's objects listens on a Unix socket
 * {@code bell-<pid>} in the context's directory and lists itself in the {@code bells}
 * segment; a ring writes a byte to every listed process. There, one parked thread at a
 * time (the reader) waits in a selector on that socket instead of parking, so a ring
 * wakes it with a single hop; it then unparks the others, and each looks again at what
 * it waits for. One per process and context directory.
 */
final class Doorbell {
    static final String REGISTRY = "bells";
    static final int SLOTS = 256;
    static final int REGISTRY_SIZE = SLOTS * 8;

    private static final Map<Path, Doorbell> BELLS = new ConcurrentHashMap<>();
    private static final ByteBuffer ONE = ByteBuffer.allocateDirect(1);

    private final Path dir;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    private final Map<Long, SocketChannel> peers = new ConcurrentHashMap<>();
    private volatile ByteBuffer registry;
    private volatile boolean listening;
    private volatile boolean failed;
    private final ReentrantLock reader = new ReentrantLock();
    private final ByteBuffer scratch = ByteBuffer.allocate(64);
    private volatile ServerSocketChannel server;
    private volatile Selector selector;

    private Doorbell(Path dir) {
        this.dir = dir;
    }

    static Doorbell of(Path dir) {
        return BELLS.computeIfAbsent(dir, Doorbell::new);
    }

    /** Stops this process's doorbell for {@code dir}, when the context closes. */
    static void close(Path dir) {
        Doorbell bell = BELLS.remove(dir);
        if (bell != null) {
            bell.shutdown();
        }
    }

    private ByteBuffer registry() {
        ByteBuffer r = registry;
        if (r == null) {
            r = Segments.map(dir.resolve(REGISTRY).toString());
            registry = r;
        }
        return r;
    }

    /**
     * Whether rings can reach this process; starts listening on first use. When it
     * cannot (a socket path too long, say), waiters fall back to short timed parks.
     */
    boolean listen() {
        if (listening || failed) {
            return listening;
        }
        synchronized (this) {
            if (!listening && !failed) {
                try {
                    start();
                    listening = true;
                } catch (IOException | RuntimeException e) {
                    failed = true;
                }
            }
        }
        return listening;
    }

    private void start() throws IOException {
        Path socket = dir.resolve("bell-" + ProcessHandle.current().pid());
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        // bind() follows the umask; the directory is the owner's alone, and so is the socket.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        s.configureBlocking(false);
        Selector sel = Selector.open();
        s.register(sel, SelectionKey.OP_ACCEPT);
        server = s;
        selector = sel;
        enlist();
    }

    private void enlist() {
        ByteBuffer r = registry();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                long token = (long) Mem.LONG.getVolatile(r, i * 8);
                if (token == ProcessToken.SELF) {
                    return;
                }
                boolean free = token == 0 || pass == 1 && !ProcessToken.isAlive(token);
                if (free && Mem.LONG.compareAndSet(r, i * 8, token, ProcessToken.SELF)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("more than " + SLOTS + " processes wait on one context's objects");
    }

    /** Waits on the socket for at most {@code millis}, with {@link #reader} held; true if it rang. */
    private boolean select(long millis) {
        Selector sel = selector;
        try {
            sel.select(millis);
            boolean rang = false;
            for (SelectionKey key : sel.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel c = server.accept();
                    if (c != null) {
                        c.configureBlocking(false);
                        c.register(sel, SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    rang |= drain((SocketChannel) key.channel(), key, scratch);
                }
            }
            sel.selectedKeys().clear();
            return rang;
        } catch (IOException | RuntimeException closed) {
            LockSupport.parkNanos(this, millis * 1_000_000);
            return false;
        }
    }

    private static boolean drain(SocketChannel c, SelectionKey key, ByteBuffer buf) {
        buf.clear();
        try {
            if (c.read(buf) >= 0) {
                return true;
            }
        } catch (IOException peerGone) {
            // treated as end of stream
        }
        key.cancel();
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        return false;
    }

    private void unparkAll() {
        for (Thread t : parked) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Parks the current thread until a ring, {@code nanos}, or an unpark; {@code ready} is
     * checked after it is listed. Waits of a millisecond or more become the reader if there is none.
     */
    void park(long nanos, java.util.function.BooleanSupplier ready) {
        Thread me = Thread.currentThread();
        parked.add(me);
        try {
            if (ready.getAsBoolean()) {
                return;
            }
            if (nanos >= 1_000_000 && reader.tryLock()) {
                try {
                    if (!ready.getAsBoolean() && select(nanos / 1_000_000)) {
                        unparkAll();
                    }
                } finally {
                    reader.unlock();
                    // Whoever still waits here must take over listening, or a ring goes unheard
                    // until its timed park ends.
                    unparkAll();
                }
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            parked.remove(me);
        }
    }

    /** Wakes every parked thread of this context, here and in the other listed processes. */
    void ring() {
        unparkAll();
        Selector sel = selector;
        if (sel != null && reader.isLocked()) {
            sel.wakeup();
        }
        ByteBuffer r = registry();
        for (int i = 0; i < SLOTS; i++) {
            long token = (long) Mem.LONG.getVolatile(r, i * 8);
            if (token != 0 && token != ProcessToken.SELF) {
                ringPeer(r, i, token);
            }
        }
    }

    private void ringPeer(ByteBuffer r, int slot, long token) {
        SocketChannel c = peers.get(token);
        try {
            if (c == null) {
                c = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("bell-" + ProcessToken.pid(token))));
                c.configureBlocking(false);
                SocketChannel raced = peers.putIfAbsent(token, c);
                if (raced != null) {
                    c.close();
                    c = raced;
                }
            }
            // A full socket buffer (write returns 0) means bytes are pending: that peer wakes anyway.
            c.write(ONE.duplicate());
        } catch (IOException e) {
            if (c != null) {
                peers.remove(token, c);
                try {
                    c.close();
                } catch (IOException ignored) {
                    // already broken
                }
            }
            if (!ProcessToken.isAlive(token)) {
                Mem.LONG.compareAndSet(r, slot * 8, token, 0L);
            }
        }
    }

    private void shutdown() {
        try {
            if (selector != null) {
                selector.close();
            }
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : peers.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        unparkAll();
    }
}
