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
 * segment, beside a count of its threads parked on the doorbell; a ring writes a byte to
 * every listed process with a thread parked. There, one parked thread at a time (the
 * reader) waits in a selector on that socket instead of parking, so a ring wakes it with
 * a single hop; it then unparks the others, and each looks again at what it waits for.
 * One per process and context directory.
 *
 * <p>The segment: a word with the number of slots ever taken (a ring looks no further),
 * then {@value #SLOTS} slots of two words, a process's {@link ProcessToken} and its count
 * of parked threads. A waiter counts itself in there before it counts itself in on the
 * object (both with full fences), so a ringer that sees the object's count sees this one.
 */
final class Doorbell {
    static final String REGISTRY = "bells";
    static final int SLOTS = 256;
    static final int REGISTRY_SIZE = 8 + SLOTS * 16;
    private static final int IN_USE = 0;

    private static final Map<Path, Doorbell> BELLS = new ConcurrentHashMap<>();
    private static final ByteBuffer ONE = ByteBuffer.allocateDirect(1);

    private final Path dir;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    /** Where this process's slot is in the registry, once listening. */
    private volatile int slot = -1;
    private final Map<Long, SocketChannel> peers = new ConcurrentHashMap<>();
    private volatile ByteBuffer registry;
    private volatile boolean listening;
    private volatile boolean failed;
    private final ReentrantLock reader = new ReentrantLock();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64);
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

    private static int slotAt(int i) {
        return 8 + i * 16;
    }

    private void enlist() {
        ByteBuffer r = registry();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                long token = (long) Mem.LONG.getVolatile(r, slotAt(i));
                boolean free = token == 0 || pass == 1 && !ProcessToken.isAlive(token);
                if (token == ProcessToken.SELF || free && Mem.LONG.compareAndSet(r, slotAt(i), token, ProcessToken.SELF)) {
                    // A dead process may have left its parked count behind.
                    Mem.LONG.setVolatile(r, slotAt(i) + 8, 0L);
                    long inUse;
                    do {
                        inUse = (long) Mem.LONG.getVolatile(r, IN_USE);
                    } while (inUse <= i && !Mem.LONG.compareAndSet(r, IN_USE, inUse, (long) i + 1));
                    slot = slotAt(i);
                    return;
                }
            }
        }
        throw new IllegalStateException("more than " + SLOTS + " processes wait on one context's objects");
    }

    /**
     * Counts a thread of this process in (+1) or out (-1) as parked on the doorbell; rings
     * skip processes with none. Counting in comes before the object's own count.
     */
    void countParked(long delta) {
        int at = slot;
        if (at >= 0) {
            Mem.LONG.getAndAdd(registry(), at + 8, delta);
        }
    }

    /**
     * Waits on the socket for at most {@code millis}, with {@link #reader} held. What woke
     * it is left for {@link #handleKeys} at the next wait, after the waiter this one wakes
     * has gone its way.
     */
    private void select(long millis) {
        try {
            selector.select(millis);
        } catch (IOException | RuntimeException closed) {
            // Closed with its context: no ring comes any more, so the waiter looks again soon.
            LockSupport.parkNanos(this, Math.min(millis, 1) * 1_000_000);
        }
    }

    /**
     * Accepts new ringers and drains the bytes of past rings, with {@link #reader} held,
     * before the waiter's last look: a ring after that look stays unread and ends the select.
     */
    private void handleKeys() {
        Selector sel = selector;
        try {
            Set<SelectionKey> keys = sel.selectedKeys();
            if (keys.isEmpty()) {
                return;
            }
            for (SelectionKey key : keys) {
                if (key.isAcceptable()) {
                    SocketChannel c = server.accept();
                    if (c != null) {
                        c.configureBlocking(false);
                        c.register(sel, SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    drain((SocketChannel) key.channel(), key, scratch);
                }
            }
            keys.clear();
        } catch (IOException | RuntimeException closed) {
            // closed with its context; select says so
        }
    }

    private static void drain(SocketChannel c, SelectionKey key, ByteBuffer buf) {
        buf.clear();
        try {
            if (c.read(buf) >= 0) {
                return;
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
    }

    private void unparkAll() {
        unparkOthers(null);
    }

    /** Unparks every parked thread but {@code me}, whose own next park must not return at once. */
    private void unparkOthers(Thread me) {
        for (Thread t : parked) {
            if (t != me) {
                LockSupport.unpark(t);
            }
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
                    handleKeys();
                    // Rounded up: waking just before the deadline would cost one more park.
                    if (!ready.getAsBoolean()) {
                        select((nanos + 999_999) / 1_000_000);
                    }
                } finally {
                    reader.unlock();
                    // After a ring, the others look again at what they wait for; after none, one
                    // of them must take over listening, or a ring goes unheard until its timed park ends.
                    // Alone (the usual case) it skips the walk: the less a woken thread runs, the less
                    // its cold caches cost.
                    if (parked.size() > 1) {
                        unparkOthers(me);
                    }
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
        if (!parked.isEmpty()) {
            unparkAll();
        }
        Selector sel = selector;
        if (sel != null && reader.isLocked()) {
            sel.wakeup();
        }
        ByteBuffer r = registry();
        int end = slotAt((int) Math.min(SLOTS, (long) Mem.LONG.getVolatile(r, IN_USE)));
        for (int at = slotAt(0); at < end; at += 16) {
            long token = (long) Mem.LONG.getVolatile(r, at);
            if (token != 0 && token != ProcessToken.SELF && (long) Mem.LONG.getVolatile(r, at + 8) != 0) {
                ringPeer(r, at, token);
            }
        }
    }

    private void ringPeer(ByteBuffer r, int at, long token) {
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
                Mem.LONG.compareAndSet(r, at, token, 0L);
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
