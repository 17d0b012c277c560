package io.ipc4j.chronicle;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.JoinableQueue;
import io.ipc4j.QueueEmptyException;
import io.ipc4j.QueueFullException;
import io.ipc4j.internal.Timeouts;
import io.ipc4j.internal.wire.ObjectCodec;
import net.openhft.chronicle.wire.UnrecoverableTimeoutException;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A queue in Chronicle Queue files, shared by every process that has a handle to it, with
 * competing consumers: each item is taken by exactly one {@code get}, in whichever process.
 * Made by {@link ChronicleQueues#create}. The handle is small and serializable (the
 * directory, maxsize, whether it is joinable, the roll cycle); it attaches to the files
 * lazily in each process that uses it, so it can be captured by a process target or passed
 * as an argument.
 *
 * <p><b>What a kill -9 does.</b> Every item whose {@code put} returned is in the files and
 * will be delivered. A producer killed inside {@code put} may hold Chronicle's write lock:
 * the other producers take it over once its process is dead, about 0.75 s later. A consumer
 * killed before its claim leaves the item to the others; once the claim is made (just before
 * {@code get} returns) the item is taken. On a joinable queue an item taken by a consumer that
 * dies before {@code taskDone()} stays unfinished: {@code join()} does not return, and
 * {@code join(timeout)} returns false (as in CPython); a producer killed inside {@code put} may
 * leave the count one too high, with the same effect, never too low.
 *
 * <p><b>Lifetime.</b> A queue its context made is freed (its files deleted) once no handle
 * to it is reachable in any process and no serialized handle to it is waiting to be read
 * (see {@link QueueLifetime}); a handle arriving in a process holds the queue there at once.
 * A durable queue is never deleted; each process unmaps it once no handle reaches it there.
 *
 * <p>An item that cannot be deserialized in the consumer that took it fails that
 * {@code get} with an {@link UnreadableItemException} carrying its bytes; it is taken.
 */
public final class ChronicleQueueHandle<T> implements JoinableQueue<T>, Serializable, KryoSerializable {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(() -> new Output(256, -1));

    // not final: Kryo and Java serialization set them in read/readObject
    private String directory;
    private int maxsize;
    private boolean joinable;
    private String rollCycle;
    private int maxItemBytes;

    private transient volatile QueueFiles files;
    private transient volatile boolean closed;

    ChronicleQueueHandle(Path directory, int maxsize, boolean joinable, String rollCycle, int maxItemBytes) {
        this.directory = directory.toAbsolutePath().toString();
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.rollCycle = rollCycle;
        this.maxItemBytes = maxItemBytes;
    }

    /** The directory holding the queue's files. */
    public Path directory() {
        return Path.of(directory);
    }

    /** Attaches this process on first use. */
    private QueueFiles files() {
        QueueFiles f = files;
        if (f == null) {
            synchronized (this) {
                f = attach(false);
            }
        }
        return f;
    }

    /** Called with this handle's monitor held, or before it is published. */
    QueueFiles attach(boolean create) {
        if (closed) {
            throw new IllegalStateException("the queue is closed in this process");
        }
        QueueFiles f = files;
        if (f == null) {
            f = QueueFiles.attach(directory(), rollCycle, create);
            files = f;
        }
        return f;
    }

    /** Attaches the process that makes the queue (or opens a durable one), checking what the files hold. */
    synchronized void attachAsMaker() {
        QueueFiles f = attach(true);
        try {
            f.claimShape(maxsize, joinable);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** This process's attachment to the files, made if need be: for the warm-up's own appender and taker. */
    QueueFiles attachedFiles() {
        return open();
    }

    private QueueFiles open() {
        if (closed) {
            throw new IllegalStateException("the queue is closed in this process");
        }
        return files();
    }

    @Override
    public void put(T item) {
        put(item, Long.MAX_VALUE);
    }

    @Override
    public void put(T item, Duration timeout) {
        put(item, Timeouts.nanos(timeout));
    }

    @Override
    public void putNowait(T item) {
        put(item, 0);
    }

    private void put(T item, long timeoutNanos) {
        if (timeoutNanos != 0 && Thread.currentThread().isInterrupted()) {
            throw new IpcInterruptedException("interrupted in put; the item was not put");
        }
        QueueFiles f = open();
        if (item instanceof Integer i && BoxedInts.enabled()) {
            checkLength(BoxedInts.length(i));
            IdleWait wait = null;
            while (!appended(f, null, 0, i)) {
                wait = waitWhileFull(wait, timeoutNanos);
            }
            return;
        }
        Output out = OUTPUT.get();
        out.reset();
        ObjectCodec.write(out, item);
        int length = out.position();
        checkLength(length);
        try {
            IdleWait wait = null;
            while (!appended(f, out.getBuffer(), length, 0)) {
                wait = waitWhileFull(wait, timeoutNanos);
            }
        } finally {
            if (out.getBuffer().length > 1 << 20) {
                out.setBuffer(new byte[256], -1);
            }
        }
    }

    /** For the warm-up: this process's next put here makes a new appender, as its first one does. */
    void closeAppender() {
        QueueFiles f = open();
        long stamp = f.enter();
        try {
            f.appends.closeAppender();
        } finally {
            f.exit(stamp);
        }
    }

    private void checkLength(int length) {
        if (length > maxItemBytes) {
            throw new FrameTooLargeException("an item of " + length + " bytes is above the limit of " + maxItemBytes
                    + " bytes of this Chronicle queue; it was not put");
        }
    }

    /** Waits once more for room: the wait so far, made by the first call. */
    private IdleWait waitWhileFull(IdleWait wait, long timeoutNanos) {
        if (wait == null) {
            wait = new IdleWait(timeoutNanos, "interrupted while the queue was full; the item was not put");
        }
        if (!wait.pause()) {
            // unbounded, a put waits only for Chronicle's write lock, held by a live process
            throw new QueueFullException((maxsize > 0 ? "the queue stayed full (maxsize " + maxsize + ")"
                    : "another process held the queue's write lock")
                    + (timeoutNanos == 0 ? "" : " for " + Duration.ofNanos(timeoutNanos)) + "; the item was not put");
        }
        return wait;
    }

    /**
     * One attempt to append {@code bytes[0, length)}, or when {@code bytes} is null the Integer
     * {@code boxedInt}; false when full, or when a live process held the write lock too long.
     */
    private boolean appended(QueueFiles f, byte[] bytes, int length, int boxedInt) {
        boolean interrupted = Thread.interrupted(); // Chronicle's file channels close if interrupted mid-call
        try {
            long stamp = f.enter();
            try {
                return bytes == null ? f.appends.tryAppendInt(boxedInt, maxsize, joinable)
                        : f.appends.tryAppend(bytes, length, maxsize, joinable);
            } finally {
                f.exit(stamp);
            }
        } catch (UnrecoverableTimeoutException lockHeldByALiveProcess) {
            return false;
        } catch (net.openhft.chronicle.core.threads.InterruptedRuntimeException waitingForTheLock) {
            // interrupted while another process held the write lock: nothing was appended
            interrupted = true;
            throw new IpcInterruptedException("interrupted while putting: another process held the queue's write lock; "
                    + "the item was not put");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public T get() {
        return get(Long.MAX_VALUE);
    }

    @Override
    public T get(Duration timeout) {
        return get(Timeouts.nanos(timeout));
    }

    @Override
    public T getNowait() {
        return get(0);
    }

    @SuppressWarnings("unchecked")
    private T get(long timeoutNanos) {
        // A blocking call answers an interrupt even when it need not wait, as BlockingQueue.take does.
        if (timeoutNanos != 0 && Thread.currentThread().isInterrupted()) {
            throw new IpcInterruptedException("interrupted in get; nothing was taken from the queue");
        }
        QueueFiles f = open();
        IdleWait wait = null;
        while (true) {
            Object taken;
            try {
                taken = taken(f);
            } catch (RuntimeException e) {
                if (closed) {
                    // close() in another thread released the tailer under this get; nothing was claimed
                    throw new IllegalStateException("the queue was closed in this process while get waited", e);
                }
                throw e;
            }
            if (taken == Takes.LOST_RACE) {
                continue;
            }
            if (taken != Takes.NOTHING) {
                return (T) taken;
            }
            if (closed) {
                throw new IllegalStateException("the queue was closed in this process while get waited");
            }
            if (wait == null) {
                wait = new IdleWait(timeoutNanos, "interrupted in get; nothing was taken from the queue");
            }
            if (!wait.pause()) {
                throw new QueueEmptyException(timeoutNanos == 0 ? "the queue is empty"
                        : "nothing arrived in the queue within " + Duration.ofNanos(timeoutNanos));
            }
        }
    }

    private static Object taken(QueueFiles f) {
        boolean interrupted = Thread.interrupted(); // Chronicle's file channels close if interrupted mid-call
        try {
            long stamp = f.enter();
            try {
                return f.takes.tryTake();
            } finally {
                f.exit(stamp);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public int qsize() {
        QueueFiles f = open();
        return (int) Math.min(Integer.MAX_VALUE, f.whileMapped(f::backlog));
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        QueueFiles f = joinableFiles();
        f.whileMapped(() -> {
            while (true) {
                long n = f.unfinished.getVolatileValue();
                if (n <= 0) {
                    throw new IllegalStateException("taskDone() called more times than items were put");
                }
                if (f.unfinished.compareAndSwapValue(n, n - 1)) {
                    return null;
                }
            }
        });
    }

    @Override
    public void join() {
        join(Long.MAX_VALUE);
    }

    @Override
    public boolean join(Duration timeout) {
        return join(Timeouts.nanosOrZero(timeout));
    }

    private boolean join(long timeoutNanos) {
        QueueFiles f = joinableFiles();
        IdleWait wait = new IdleWait(timeoutNanos, "interrupted in join");
        while (f.whileMapped(f.unfinished::getVolatileValue) > 0) {
            if (!wait.pause()) {
                return false;
            }
        }
        return true;
    }

    private QueueFiles joinableFiles() {
        if (!joinable) {
            throw new IllegalStateException("taskDone() and join() need a queue made as joinable");
        }
        return open();
    }

    /**
     * Says this process will use the queue no more: it unmaps the files once no other handle
     * of this process uses them. Items it put are in the files already and nothing is held
     * back, so nothing needs handing over. Once no process holds the queue (and no handle to
     * it travels as bytes) its context frees it, even while this closed handle is reachable.
     */
    @Override
    public void close() {
        QueueFiles f;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            f = files;
            files = null;
        }
        if (f != null) {
            f.release();
        }
    }

    /** Pins the queue while the handle travels as bytes: see {@link QueueLifetime}. */
    @Override
    public void write(Kryo kryo, Output output) {
        output.writeString(directory);
        output.writeInt(maxsize);
        output.writeBoolean(joinable);
        output.writeString(rollCycle);
        output.writeInt(maxItemBytes);
        output.writeString(QueueLifetime.pin(directory()));
    }

    /** Holds the queue in this process, then drops the pin the bytes carried. */
    @Override
    public void read(Kryo kryo, Input input) {
        directory = input.readString();
        maxsize = input.readInt();
        joinable = input.readBoolean();
        rollCycle = input.readString();
        maxItemBytes = input.readInt();
        arrived(input.readString());
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(QueueLifetime.pin(directory()));
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        arrived((String) in.readObject());
    }

    private void arrived(String pin) {
        if (pin == null) {
            return;
        }
        try {
            synchronized (this) {
                attach(false);
            }
        } catch (RuntimeException goneOrUnusableHere) {
            return; // using the handle says why; a pin left behind only keeps the queue until its context closes
        }
        QueueLifetime.unpin(directory(), pin);
    }

    @Override
    public String toString() {
        return "ChronicleQueueHandle[" + directory + (maxsize > 0 ? ", maxsize " + maxsize : "")
                + (joinable ? ", joinable" : "") + "]";
    }
}
