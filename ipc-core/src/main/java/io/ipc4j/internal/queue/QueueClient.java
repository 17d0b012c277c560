package io.ipc4j.internal.queue;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.internal.SharedProviders;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.internal.wire.Op;

import com.esotericsoftware.kryo.io.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This process's side of one broker queue, shared by every handle to it here.
 *
 * <p>Puts to an unbounded queue are batched like CPython's feeder thread does: the
 * caller serializes, the bytes wait in a batch, and the channel's I/O thread sends the
 * batch in frames no larger than the channel carries. Every other request first sends the
 * batch, so one process sees its own puts.
 *
 * <p>Gets take from a local batch fetched from the broker. A batch starts at one item and
 * doubles while this process takes them quickly, so a slow or stopped consumer holds few
 * items that others could take. Each take is counted before {@code get} returns: in this
 * process's {@link TakeLedger} slot when the broker gave one (a compare-and-set, no
 * message), else by an acknowledgement the broker answers. So an item returned by
 * {@code get} is never delivered again, even if this process dies right after.
 *
 * <p>An interrupt cancels a blocking call cleanly: a parked request is withdrawn at the
 * broker, and the call either happened (and returns, the interrupt still pending) or did
 * not (and throws {@link IpcInterruptedException}).
 */
public final class QueueClient {
    private static final int MAX_FETCH = 1024;
    private static final int MAX_PENDING = 8192;
    /** Past this many bytes waiting, the putting thread sends them itself and waits for the channel. */
    private static final int MAX_PENDING_BYTES = 1 << 20;
    /** Room kept in a frame for the headers around one item: a put's, and a fetch reply's. */
    private static final int FRAME_OVERHEAD = 64;
    private static final int PUT_HEADER = 13;
    /** A batch taken faster than this grows; one taken slower than {@link #SHRINK_NANOS} shrinks. */
    private static final long GROW_NANOS = 2_000_000;
    private static final long SHRINK_NANOS = 20_000_000;

    private final CoordinatorLink link;
    private final int id;
    private final int maxsize;
    private final boolean joinable;
    private final int maxFrameBytes;

    /** Puts not yet sent: {@code ([length][bytes])*}. */
    private final Output pending = new Output(4096, -1);
    private int pendingCount;
    private boolean flushScheduled;

    private final ReentrantLock in = new ReentrantLock();
    private final ArrayDeque<byte[]> fetched = new ArrayDeque<>();
    /** Items this process took from the queue, as the broker counts them. */
    private volatile long taken;
    private TakeLedger.Counter counter;
    private boolean slotAsked;
    private int batch = 1;
    private int lastBatch;
    private long lastBatchArrived;
    private volatile boolean closed;
    /** Request ids of puts parked at the broker until the queue has room: withdrawn by {@link #close()}. */
    private final java.util.Set<Integer> parkedPuts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    /** Not a static field: a child that logs nothing does not start SLF4J. */
    private static Logger log() {
        return LoggerFactory.getLogger(QueueClient.class);
    }

    QueueClient(CoordinatorLink link, int id, int maxsize, boolean joinable) {
        this.link = link;
        this.id = id;
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.maxFrameBytes = link.settings().maxFrameBytes();
    }

    public int id() {
        return id;
    }

    /** Serializes {@code item} in this thread and puts it. */
    public void put(Object item, long timeoutNanos) {
        checkOpen();
        if (maxsize > 0 || joinable) {
            // A joinable queue counts a task when put returns, as CPython's does: the put waits for the broker.
            byte[] bytes = ObjectCodec.toBytes(item);
            checkSize(bytes.length);
            putWait(bytes, timeoutNanos);
            return;
        }
        RpcClient rpc = link.rpc();
        boolean schedule;
        int count;
        int bytes;
        synchronized (pending) {
            int lengthAt = pending.position();
            pending.writeInt(0);
            int length;
            try {
                ObjectCodec.write(pending, item);
                length = pending.position() - lengthAt - 4;
                checkSize(length);
            } catch (RuntimeException e) {
                pending.setPosition(lengthAt);
                throw e;
            }
            FrameWriter.putInt(pending.getBuffer(), lengthAt, length);
            count = ++pendingCount;
            bytes = pending.position();
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (count >= MAX_PENDING || bytes >= MAX_PENDING_BYTES) {
            flushPuts(rpc);
            waitWritable(rpc);
        } else if (schedule) {
            rpc.channel().execute(() -> flushPuts(rpc));
        }
    }

    private void checkSize(int length) {
        if (length > maxFrameBytes - FRAME_OVERHEAD) {
            throw new FrameTooLargeException("an item of " + length + " bytes is above the limit of "
                    + (maxFrameBytes - FRAME_OVERHEAD) + " bytes for a queue item (setting ipc4j.maxFrameBytes = "
                    + maxFrameBytes + "); it was not put");
        }
    }

    private void putWait(byte[] bytes, long timeoutNanos) {
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        Reply r = rpc.call(Op.Q_PUT_WAIT, w -> w.putInt(id).putLong(timeoutNanos).putBytes(bytes));
        parkedPuts.add(r.id());
        boolean interrupted;
        try {
            if (closed) {
                withdraw(rpc, r.id()); // close() may have withdrawn the parked puts before this one was added
            }
            interrupted = awaitOrWithdraw(rpc, r);
        } finally {
            parkedPuts.remove(r.id());
        }
        byte status = r.status();
        if (status == Op.STATUS_TIMEOUT) {
            throw new QueueFullException("the queue stayed full (maxsize " + maxsize + ")"
                    + (timeoutNanos > 0 ? " for " + Duration.ofNanos(timeoutNanos) : ""));
        }
        if (status == Op.STATUS_CANCELLED) {
            if (!interrupted && closed) {
                throw new IllegalStateException("this queue was closed while the put waited for room; the item was not put");
            }
            throw new IpcInterruptedException("interrupted while the queue was full; the item was not put");
        }
        r.payload();
        if (interrupted) {
            log().trace("a put was interrupted after the broker had taken its item; it stands");
        }
    }

    /** Waits until the channel drains; the puts are queued already, so an interrupt only cuts the wait short. */
    private void waitWritable(RpcClient rpc) {
        try {
            while (!rpc.channel().awaitWritable(Duration.ofSeconds(1))) {
                if (!rpc.channel().isOpen()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the batch of puts, if any, before whatever the caller sends next. */
    private void flushPuts(RpcClient rpc) {
        synchronized (rpc.writeLock()) {
            List<byte[]> frames = new ArrayList<>(1);
            synchronized (pending) {
                flushScheduled = false;
                if (pendingCount == 0) {
                    return;
                }
                cutFrames(pending.getBuffer(), pending.position(), frames);
                pendingCount = 0;
                pending.reset();
                if (pending.getBuffer().length > 4 << 20) {
                    pending.setBuffer(new byte[4096], -1);
                }
            }
            for (byte[] frame : frames) {
                rpc.send(frame);
            }
        }
    }

    /** Cuts {@code ([length][bytes])*} into Q_PUT frames that each fit the channel. */
    private void cutFrames(byte[] buf, int end, List<byte[]> frames) {
        int from = 0;
        int at = 0;
        int n = 0;
        while (at < end) {
            int next = at + 4 + (((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16)
                    | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff));
            if (n > 0 && PUT_HEADER + (next - from) > maxFrameBytes) {
                frames.add(putFrame(buf, from, at, n));
                from = at;
                n = 0;
            }
            n++;
            at = next;
        }
        frames.add(putFrame(buf, from, end, n));
    }

    private byte[] putFrame(byte[] buf, int from, int to, int count) {
        return FrameWriter.of(Op.Q_PUT, PUT_HEADER + to - from).putInt(0).putInt(id).putInt(count)
                .putRaw(buf, from, to - from).toBytes();
    }

    /**
     * Takes the next item's bytes.
     *
     * @param timeoutNanos 0 for no wait, negative for no limit
     */
    public byte[] get(long timeoutNanos) {
        checkOpen();
        long start = System.nanoTime();
        try {
            if (timeoutNanos < 0) {
                in.lockInterruptibly();
            } else if (!in.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new QueueEmptyException("timed out waiting for another thread's get");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted in get; nothing was taken from the queue");
        }
        try {
            while (true) {
                checkOpen();
                byte[] item = fetched.pollFirst();
                if (item == null) {
                    long left = timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
                    item = fetch(left);
                }
                if (take()) {
                    return item;
                }
                // The broker took the batch back: fetch again.
            }
        } finally {
            in.unlock();
        }
    }

    private byte[] fetch(long timeoutNanos) {
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        boolean wantsSlot = !slotAsked;
        int flags = (wantsSlot ? Op.FETCH_WANTS_SLOT : 0) | (counter != null ? Op.FETCH_COUNTS_IN_LEDGER : 0);
        long takenSoFar = taken;
        int max = nextBatch();
        Reply r = rpc.call(Op.Q_FETCH, w -> w.putInt(id).putLong(takenSoFar).putInt(max).putByte(flags)
                .putLong(timeoutNanos));
        boolean interrupted = awaitOrWithdraw(rpc, r);
        byte status = r.status();
        if (status == Op.STATUS_OK) {
            receive(r.payload(), wantsSlot);
        } else if (status != Op.STATUS_CANCELLED) {
            r.payload();
        }
        if (interrupted) {
            // What arrived stays here, fetched but not taken, for the next get or to give back.
            throw new IpcInterruptedException("interrupted in get; nothing was taken from the queue");
        }
        if (status == Op.STATUS_CANCELLED) {
            throw new IllegalStateException("the queue was closed in this process while get waited");
        }
        if (status == Op.STATUS_TIMEOUT) {
            throw new QueueEmptyException(timeoutNanos == 0 ? "the queue is empty"
                    : "nothing arrived in the queue within " + Duration.ofNanos(timeoutNanos));
        }
        if (status != Op.STATUS_OK) {
            throw new IpcException("unexpected answer " + status + " to a fetch");
        }
        return fetched.pollFirst();
    }

    /**
     * How many items to ask for: one to begin with, more while this process keeps up. One at
     * a time without a ledger slot: each take costs a round trip anyway, and the broker can
     * take back a batch only from a consumer that counts in the ledger.
     */
    private int nextBatch() {
        if (maxsize > 0 || counter == null) {
            return 1;
        }
        if (lastBatch > 0) {
            long spent = System.nanoTime() - lastBatchArrived;
            if (lastBatch >= batch && spent < GROW_NANOS) {
                batch = Math.min(batch * 2, MAX_FETCH);
            } else if (spent > SHRINK_NANOS) {
                batch = Math.max(1, batch / 2);
            }
        }
        return batch;
    }

    private void receive(FrameReader f, boolean askedForSlot) {
        int slot = f.getInt();
        if (slot >= 0) {
            int generation = f.getInt();
            attachCounter(new TakeLedger.Slot(f.getString(), slot, generation));
        }
        if (askedForSlot) {
            slotAsked = true;
        }
        int n = f.getInt();
        for (int i = 0; i < n; i++) {
            fetched.addLast(f.getBytes());
        }
        lastBatch = n;
        lastBatchArrived = System.nanoTime();
    }

    private void attachCounter(TakeLedger.Slot slot) {
        counter = null;
        try {
            counter = new TakeLedger.Counter(SharedProviders.attach(link.contextId(), slot.block()).buffer(), slot,
                    taken);
        } catch (RuntimeException e) {
            log().debug("cannot map the queue ledger {} here ({}); each get is acknowledged instead",
                    slot.block(), e.toString());
        }
    }

    /**
     * Counts the item about to be returned, so that the broker never gives it to anyone else.
     *
     * @return false if the broker took back this process's batch (the item with it)
     */
    private boolean take() {
        if (counter != null) {
            if (!counter.take()) {
                fetched.clear();
                if (counter.recalled()) {
                    return false;
                }
                checkOpen();
                throw new ConnectionEOFException("the coordinator has ended this process's use of the queue "
                        + "(its connection was lost); the item stays in the queue");
            }
            taken = counter.taken();
            return true;
        }
        long takenNow = taken + 1;
        Reply r = link.rpc().call(Op.Q_ACK, w -> w.putInt(id).putLong(takenNow));
        r.awaitUninterruptibly();
        r.payload();
        taken = takenNow;
        return true;
    }

    public int qsize() {
        checkOpen();
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        long takenSoFar = taken;
        Reply r = rpc.call(Op.Q_SIZE, w -> w.putInt(id).putLong(takenSoFar));
        r.awaitUninterruptibly();
        return r.payload().getInt();
    }

    public void taskDone() {
        checkOpen();
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        Reply r = rpc.call(Op.Q_TASK_DONE, w -> w.putInt(id));
        r.awaitUninterruptibly();
        r.payload();
    }

    public boolean join(long timeoutNanos) {
        checkOpen();
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        Reply r = rpc.call(Op.Q_JOIN, w -> w.putInt(id).putLong(timeoutNanos));
        awaitOrWithdraw(rpc, r);
        byte status = r.status();
        if (status == Op.STATUS_TIMEOUT) {
            return false;
        }
        if (status == Op.STATUS_CANCELLED) {
            throw new IpcInterruptedException("interrupted in join");
        }
        r.payload();
        return true;
    }

    /**
     * Waits for the reply; if this thread is interrupted first, withdraws the request at the
     * broker and waits for its final answer, which says whether it happened.
     *
     * @return whether the wait was interrupted (the interrupt status stays set)
     */
    private boolean awaitOrWithdraw(RpcClient rpc, Reply r) {
        if (r.awaitUnlessInterrupted()) {
            return false;
        }
        withdraw(rpc, r.id());
        r.awaitUninterruptibly();
        return true;
    }

    /** Withdraws this process's parked request {@code requestId}, or all of them on this queue for 0. */
    private void withdraw(RpcClient rpc, int requestId) {
        try {
            rpc.send(FrameWriter.of(Op.Q_CANCEL, PUT_HEADER).putInt(0).putInt(id).putInt(requestId).toBytes());
        } catch (RuntimeException lost) {
            // the channel is gone: the replies fail with it
        }
    }

    /** Delivers this process's puts to the broker and gives back fetched items not taken. */
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        RpcClient rpc = link.rpc();
        parkedPuts.forEach(requestId -> withdraw(rpc, requestId)); // a put waiting for room ends, its item not put
        lockWithdrawingGets(rpc);
        try {
            flushPuts(rpc);
            long takenSoFar = taken;
            fetched.clear();
            Reply r = rpc.call(Op.Q_RETURN, w -> w.putInt(id).putLong(takenSoFar));
            r.awaitUninterruptibly();
            r.payload();
        } finally {
            in.unlock();
        }
    }

    /** Takes the get lock; a thread parked in get holds it, so its fetch is withdrawn until it lets go. */
    private void lockWithdrawingGets(RpcClient rpc) {
        boolean interrupted = false;
        while (true) {
            try {
                if (in.tryLock(50, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            withdraw(rpc, 0);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the queue is closed in this process");
        }
    }
}
