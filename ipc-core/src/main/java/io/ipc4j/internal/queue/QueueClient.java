package io.ipc4j.internal.queue;

import io.ipc4j.IpcException;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.internal.process.CoordinatorLink;
import io.ipc4j.internal.rpc.LocalChannel;
import io.ipc4j.internal.rpc.Reply;
import io.ipc4j.internal.rpc.RpcClient;
import io.ipc4j.internal.wire.FrameReader;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;
import io.ipc4j.internal.wire.Op;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This process's side of one broker queue, shared by every handle to it here.
 *
 * <p>Puts to an unbounded queue are batched like CPython's feeder thread does: the
 * caller serializes, the bytes wait in a batch, and the channel's I/O thread sends the
 * batch as one frame. Every other request first sends the batch, so one process sees
 * its own puts. Gets take from a local batch fetched from the broker; the next request
 * acknowledges how many were taken.
 */
public final class QueueClient {
    private static final int MAX_FETCH = 1024;
    private static final int MAX_PENDING = 8192;

    private final CoordinatorLink link;
    private final int id;
    private final int maxsize;

    /** Puts not yet sent, as the items of a Q_PUT frame: {@code ([length][bytes])*}. */
    private final Output pending = new Output(4096, -1);
    private int pendingCount;
    private boolean flushScheduled;

    private final ReentrantLock in = new ReentrantLock();
    private final ArrayDeque<byte[]> fetched = new ArrayDeque<>();
    /** Items taken from {@link #fetched} and not yet acknowledged to the broker. */
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicBoolean ackScheduled = new AtomicBoolean();
    private volatile boolean closed;

    public QueueClient(CoordinatorLink link, int id, int maxsize) {
        this.link = link;
        this.id = id;
        this.maxsize = maxsize;
    }

    public int id() {
        return id;
    }

    /** Serializes {@code item} in this thread and puts it. */
    public void put(Object item, long timeoutNanos) {
        checkOpen();
        if (maxsize > 0) {
            byte[] bytes = ObjectCodec.toBytes(item);
            RpcClient rpc = link.rpc();
            flushPuts(rpc);
            Reply r = rpc.call(Op.Q_PUT_WAIT, w -> w.putInt(id).putLong(timeoutNanos).putBytes(bytes));
            r.await(-1);
            if (r.status() == Op.STATUS_TIMEOUT) {
                throw new QueueFullException("the queue stayed full (maxsize " + maxsize + ")"
                        + (timeoutNanos > 0 ? " for " + Duration.ofNanos(timeoutNanos) : ""));
            }
            r.payload();
            return;
        }
        RpcClient rpc = link.rpc();
        boolean schedule;
        int count;
        synchronized (pending) {
            int lengthAt = pending.position();
            pending.writeInt(0);
            try {
                ObjectCodec.write(pending, item);
            } catch (RuntimeException e) {
                pending.setPosition(lengthAt);
                throw e;
            }
            FrameWriter.putInt(pending.getBuffer(), lengthAt, pending.position() - lengthAt - 4);
            count = ++pendingCount;
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (count >= MAX_PENDING) {
            flushPuts(rpc);
            waitWritable(rpc);
        } else if (schedule) {
            rpc.channel().execute(() -> flushPuts(rpc));
        }
    }

    private void waitWritable(RpcClient rpc) {
        try {
            while (!rpc.channel().awaitWritable(Duration.ofSeconds(1))) {
                if (!rpc.channel().isOpen()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while the queue was sending");
        }
    }

    /** Sends the batch of puts, if any, before whatever the caller sends next. */
    private void flushPuts(RpcClient rpc) {
        synchronized (rpc.writeLock()) {
            byte[] frame;
            synchronized (pending) {
                flushScheduled = false;
                if (pendingCount == 0) {
                    return;
                }
                frame = FrameWriter.of(Op.Q_PUT, 12 + pending.position()).putInt(0).putInt(id).putInt(pendingCount)
                        .putRaw(pending.getBuffer(), 0, pending.position()).toBytes();
                pendingCount = 0;
                pending.reset();
                if (pending.getBuffer().length > 4 << 20) {
                    pending.setBuffer(new byte[4096], -1);
                }
            }
            rpc.send(frame);
        }
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
            throw new IpcException("interrupted in get");
        }
        try {
            byte[] item = fetched.pollFirst();
            if (item != null) {
                took();
                return item;
            }
            long left = timeoutNanos < 0 ? -1 : Math.max(0, timeoutNanos - (System.nanoTime() - start));
            RpcClient rpc = link.rpc();
            flushPuts(rpc);
            int ack = taken.getAndSet(0);
            int max = maxsize > 0 ? 1 : MAX_FETCH;
            Reply r = rpc.call(Op.Q_FETCH, w -> w.putInt(id).putInt(ack).putInt(max).putLong(left));
            r.await(-1);
            if (r.status() == Op.STATUS_TIMEOUT) {
                throw new QueueEmptyException(timeoutNanos == 0 ? "the queue is empty"
                        : "nothing arrived in the queue within " + Duration.ofNanos(timeoutNanos));
            }
            FrameReader f = r.payload();
            int n = f.getInt();
            for (int i = 0; i < n; i++) {
                fetched.addLast(f.getBytes());
            }
            took();
            return fetched.pollFirst();
        } finally {
            in.unlock();
        }
    }

    /**
     * Counts one item taken and makes sure the broker hears of it soon, so that a consumer
     * that dies later is not given its items again; acknowledgements coalesce under load.
     */
    private void took() {
        taken.incrementAndGet();
        RpcClient rpc = link.rpc();
        if (rpc.channel() instanceof LocalChannel) {
            // The broker lives in this process: nothing can die between a get and its ack,
            // so the next request acknowledges what was taken.
            return;
        }
        if (ackScheduled.compareAndSet(false, true)) {
            rpc.channel().execute(() -> {
                ackScheduled.set(false);
                synchronized (rpc.writeLock()) {
                    int n = taken.getAndSet(0);
                    if (n > 0 && rpc.channel().isOpen()) {
                        rpc.send(FrameWriter.of(Op.Q_ACK, 12).putInt(0).putInt(id).putInt(n).toBytes());
                    }
                }
            });
        }
    }

    public int qsize() {
        checkOpen();
        in.lock();
        try {
            RpcClient rpc = link.rpc();
            flushPuts(rpc);
            int ack = taken.getAndSet(0);
            return rpc.call(Op.Q_SIZE, w -> w.putInt(id).putInt(ack)).get().getInt();
        } finally {
            in.unlock();
        }
    }

    public void taskDone() {
        checkOpen();
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        rpc.call(Op.Q_TASK_DONE, w -> w.putInt(id)).get();
    }

    public boolean join(long timeoutNanos) {
        checkOpen();
        RpcClient rpc = link.rpc();
        flushPuts(rpc);
        Reply r = rpc.call(Op.Q_JOIN, w -> w.putInt(id).putLong(timeoutNanos));
        r.await(-1);
        if (r.status() == Op.STATUS_TIMEOUT) {
            return false;
        }
        r.payload();
        return true;
    }

    /** Delivers this process's puts to the broker and gives back fetched items not taken. */
    public void close() {
        if (closed) {
            return;
        }
        in.lock();
        try {
            closed = true;
            RpcClient rpc = link.rpc();
            flushPuts(rpc);
            int ack = taken.getAndSet(0);
            fetched.clear();
            rpc.call(Op.Q_RETURN, w -> w.putInt(id).putInt(ack)).get();
        } finally {
            in.unlock();
            link.forgetQueue(this);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the queue is closed in this process");
        }
    }
}
