package io.ipc4j.mmap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a process wakes threads parked in other processes, since Java has no futex: each
 * process that parks on a context's objects lists itself in the {@code bells} segment,
 * beside a count of its threads parked on the doorbell, and listens on an {@link Ear}
 * (a FIFO of its slot, or a Unix socket where none could be made); a ring writes a byte
 * to every listed process with a thread parked. There, one parked thread at a time (the
 * reader) waits on the ear instead of parking, so a ring wakes it with a single hop; it
 * then unparks the others, and each looks again at what it waits for. One per process
 * and context directory.
 *
 * <p>The segment: a word with the number of slots ever taken (a ring looks no further),
 * a word saying whether the slots' FIFOs were made, then {@value #SLOTS} slots of four
 * words: a process's {@link ProcessToken}, its count of parked threads, its FIFO's rung
 * word (see {@link FifoEar}) and how it listens. A waiter counts itself in there before it
 * counts itself in on the object (both with full fences), so a ringer that sees the
 * object's count sees this one.
 */
final class Doorbell {
    static final String REGISTRY = "bells";
    static final int SLOTS = 256;
    /** The slots that get a FIFO; a process in a later slot listens on a socket. */
    static final int FIFOS = 64;
    static final int IN_USE = 0;
    /** 0 while the coordinator makes the FIFOs, 1 once made, -1 if they could not be. */
    static final int FIFOS_MADE = 8;
    private static final int HEADER = 16;
    private static final int SLOT_SIZE = 32;
    static final int PARKED = 8;
    static final int RUNG = 16;
    static final int KIND = 24;
    static final int REGISTRY_SIZE = HEADER + SLOTS * SLOT_SIZE;

    private static final Map<Path, Doorbell> BELLS = new ConcurrentHashMap<>();
    private static final ByteBuffer ONE = ByteBuffer.allocateDirect(1);

    private final Path dir;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    /** Where this process's slot is in the registry, once listening. */
    private volatile int slot = -1;
    private final Map<Long, SocketChannel> peers = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<RandomAccessFile> fifos = new AtomicReferenceArray<>(FIFOS);
    private volatile ByteBuffer registry;
    private volatile boolean listening;
    private volatile boolean failed;
    private final ReentrantLock reader = new ReentrantLock();
    private volatile Ear ear;
    private volatile boolean shut;
    /** Listening on a socket only because the FIFOs were not made yet; read with the reader lock held. */
    private boolean awaitingFifo;

    private Doorbell(Path dir) {
        this.dir = dir;
    }

    static Doorbell of(Path dir) {
        return BELLS.computeIfAbsent(dir, Doorbell::new);
    }

    /** How this process listens: {@link FifoEar#KIND}, {@link SocketEar#KIND}, or 0 before it listens. */
    long earKind() {
        Ear e = ear;
        return e == null ? 0 : e.kind();
    }

    /** Where this process's slot is in the registry; -1 before it listens. */
    int ownSlot() {
        return slot;
    }

    /** Stops this process's doorbell for {@code dir}, when the context closes. */
    static void close(Path dir) {
        Doorbell bell = BELLS.remove(dir);
        if (bell != null) {
            bell.shutdown();
        }
    }

    static Path fifoOf(Path dir, int index) {
        return dir.resolve("fifo-" + index);
    }

    /**
     * Makes the FIFOs of the first {@value #FIFOS} slots in the background, with one
     * {@code mkfifo}, and records in the registry whether it could: Java cannot make a FIFO
     * itself. A process that starts listening before they are there listens on a socket.
     * The context joins the returned thread before it removes its directory.
     */
    static Thread makeFifos(Path dir, ByteBuffer registry) {
        Thread t = new Thread(() -> {
            List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
            for (int i = 0; i < FIFOS; i++) {
                command.add(fifoOf(dir, i).toString());
            }
            long made = -1;
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                } else if (p.exitValue() == 0) {
                    made = 1;
                }
            } catch (IOException | RuntimeException noMkfifo) {
                // sockets it is
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Mem.LONG.setVolatile(registry, FIFOS_MADE, made);
        }, "ipc4j-doorbell-fifos");
        t.setDaemon(true);
        t.start();
        return t;
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
     * cannot (no FIFO and a socket path too long, say), waiters fall back to short timed parks.
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
        enlist();
        Ear e = fifoEar();
        if (e == null) {
            e = new SocketEar(dir);
            awaitingFifo = indexOf(slot) < FIFOS;
        }
        install(e);
    }

    /** Makes {@code e} the ear, and closes it if the doorbell was shut meanwhile. */
    private void install(Ear e) {
        ear = e;
        Mem.LONG.setVolatile(registry(), slot + KIND, e.kind());
        if (shut) {
            e.close();
        }
    }

    /** This process's slot's FIFO, if the coordinator made them; else null. */
    private Ear fifoEar() {
        int index = indexOf(slot);
        if (index < FIFOS && (long) Mem.LONG.getVolatile(registry(), FIFOS_MADE) == 1) {
            try {
                return new FifoEar(fifoOf(dir, index), registry(), slot + RUNG);
            } catch (IOException notThere) {
                // a socket, then
            }
        }
        return null;
    }

    /**
     * Moves a process that started listening on its socket before the FIFOs were made to
     * its FIFO, with the reader lock held and before the reader's last look: a ringer that
     * still found the socket's kind wrote there after its change, which that look sees.
     */
    private void moveToFifo() {
        long made = (long) Mem.LONG.getVolatile(registry(), FIFOS_MADE);
        if (made == 0) {
            return;
        }
        awaitingFifo = false;
        Ear e = fifoEar();
        if (e != null) {
            Ear old = ear;
            install(e);
            old.close();
        }
    }

    static int slotAt(int i) {
        return HEADER + i * SLOT_SIZE;
    }

    /** The index of the slot at offset {@code at}: which FIFO is its. */
    private static int indexOf(int at) {
        return (at - HEADER) / SLOT_SIZE;
    }

    /**
     * Takes a slot: a free one, else one of a process that died, first among the slots
     * with a FIFO, so that processes keep coming to FIFOs after 64 have come and gone.
     */
    private void enlist() {
        ByteBuffer r = registry();
        for (int pass = 0; pass < 4; pass++) {
            int from = pass < 2 ? 0 : FIFOS;
            int to = pass < 2 ? FIFOS : SLOTS;
            for (int i = from; i < to; i++) {
                long token = (long) Mem.LONG.getVolatile(r, slotAt(i));
                boolean free = token == 0 || pass % 2 == 1 && !ProcessToken.isAlive(token);
                if (token == ProcessToken.SELF || free && Mem.LONG.compareAndSet(r, slotAt(i), token, ProcessToken.SELF)) {
                    // A dead process may have left its counts behind; ringers skip the slot until it says how it listens.
                    Mem.LONG.setVolatile(r, slotAt(i) + KIND, 0L);
                    Mem.LONG.setVolatile(r, slotAt(i) + PARKED, 0L);
                    Mem.LONG.setVolatile(r, slotAt(i) + RUNG, 0L);
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
            Mem.LONG.getAndAdd(registry(), at + PARKED, delta);
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
     *
     * @throws IllegalStateException if the context was closed (in this process): no ring comes any more
     */
    void park(long nanos, java.util.function.BooleanSupplier ready) {
        Thread me = Thread.currentThread();
        parked.add(me);
        try {
            if (ready.getAsBoolean()) {
                return;
            }
            if (shut) {
                throw new IllegalStateException("the context is closed: nothing can end this wait any more");
            }
            if (nanos >= 1_000_000 && reader.tryLock()) {
                try {
                    if (awaitingFifo) {
                        moveToFifo();
                    }
                    Ear e = ear;
                    e.beforeLastLook();
                    if (!ready.getAsBoolean()) {
                        e.await(nanos);
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
        Ear e = ear;
        if (e != null && reader.isLocked()) {
            e.wakeReader();
        }
        ByteBuffer r = registry();
        int end = slotAt((int) Math.min(SLOTS, (long) Mem.LONG.getVolatile(r, IN_USE)));
        for (int at = slotAt(0); at < end; at += SLOT_SIZE) {
            long token = (long) Mem.LONG.getVolatile(r, at);
            if (token != 0 && token != ProcessToken.SELF && (long) Mem.LONG.getVolatile(r, at + PARKED) != 0) {
                long kind = (long) Mem.LONG.getVolatile(r, at + KIND);
                if (kind == FifoEar.KIND) {
                    ringFifo(r, at);
                } else if (kind == SocketEar.KIND) {
                    ringSocket(r, at, token);
                }
            }
        }
    }

    private void ringFifo(ByteBuffer r, int at) {
        int index = indexOf(at);
        RandomAccessFile f = fifos.get(index);
        try {
            if (f == null) {
                f = FifoEar.openForRinging(fifoOf(dir, index));
                if (!fifos.compareAndSet(index, null, f)) {
                    f.close();
                    f = fifos.get(index);
                    if (f == null) {
                        return; // shut meanwhile
                    }
                }
            }
            FifoEar.ring(f, r, at + RUNG);
        } catch (IOException closed) {
            // the context is closing (its FIFOs are going, or this doorbell shut): nobody waits any more
        }
    }

    private void ringSocket(ByteBuffer r, int at, long token) {
        // An interrupt would close the channel and lose the ring: the caller's status is kept aside.
        boolean interrupted = Thread.interrupted();
        try {
            ringSocketUninterrupted(r, at, token);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void ringSocketUninterrupted(ByteBuffer r, int at, long token) {
        SocketChannel c = peers.get(token);
        try {
            if (c == null) {
                c = SocketEar.dial(dir, ProcessToken.pid(token));
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
        shut = true;
        Ear e = ear;
        if (e != null) {
            e.close();
        }
        for (SocketChannel c : peers.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (int i = 0; i < FIFOS; i++) {
            RandomAccessFile f = fifos.getAndSet(i, null);
            try {
                if (f != null) {
                    f.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        unparkAll();
    }
}
