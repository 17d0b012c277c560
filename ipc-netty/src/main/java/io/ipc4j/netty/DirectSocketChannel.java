package io.ipc4j.netty;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.spi.DirectChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link DirectChannel} over a non-blocking JDK socket. The sending thread writes the
 * frame itself; the receiving thread reads for itself, retrying the read for a short
 * spin before it blocks in a selector. Frames are a 4-byte length and that many bytes,
 * as on the Netty channels.
 */
final class DirectSocketChannel implements DirectChannel {
    private static final int READ_BUFFER = 64 * 1024;
    /**
     * The most handed to one socket call. The JDK copies a heap buffer's remaining bytes
     * into a temporary direct buffer on every call, so an unbounded multi-megabyte frame
     * would be copied again and again while the socket takes it bit by bit.
     */
    private static final int IO_WINDOW = 256 * 1024;

    private final SocketChannel socket;
    private final SocketBytes bytes;

    private final long spinNanos;
    private final SpinPolicy spinPolicy = new SpinPolicy();
    private volatile int maxFrameBytes;

    private final Object writeLock = new Object();
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private volatile Selector writeSelector;

    private final ReentrantLock readLock = new ReentrantLock();
    private final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
    private byte[] body;
    private byte bodyTag;
    private int bodyFilled;
    private byte[] next;
    private boolean eof;
    private volatile Selector readSelector;
    private volatile boolean closed;

    DirectSocketChannel(SocketChannel socket, int maxFrameBytes, long spinNanos) throws IOException {
        this(socket, maxFrameBytes, spinNanos, null);
    }

    /** @param tls a TLS session's engine over the socket, or null for plain bytes */
    DirectSocketChannel(SocketChannel socket, int maxFrameBytes, long spinNanos, javax.net.ssl.SSLEngine tls)
            throws IOException {
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        this.spinNanos = spinNanos;
        socket.configureBlocking(false);
        this.bytes = tls == null ? SocketBytes.plain(socket) : new TlsSocketBytes(socket, tls);
    }

    /** The socket, for a listener that watches it while the handshake runs. */
    SocketChannel socket() {
        return socket;
    }

    void setMaxFrameBytes(int max) {
        this.maxFrameBytes = max;
    }

    @Override
    public void send(byte tag, byte[] body, int offset, int length) {
        if (length + 1 > maxFrameBytes || length + 1 < 0) {
            throw new FrameTooLargeException("a message of " + (length + 1L) + " bytes is above the limit of "
                    + maxFrameBytes + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        synchronized (writeLock) {
            if (closed) {
                throw new IllegalStateException("this connection is closed");
            }
            header.clear();
            header.putInt(length + 1).put(tag).flip();
            try {
                if (length <= IO_WINDOW) {
                    ByteBuffer[] parts = {header, ByteBuffer.wrap(body, offset, length)};
                    while (parts[1].hasRemaining() || header.hasRemaining()) {
                        if (bytes.write(parts) == 0) {
                            awaitWritable();
                        }
                    }
                } else {
                    while (header.hasRemaining()) {
                        if (bytes.write(new ByteBuffer[] {header}) == 0) {
                            awaitWritable();
                        }
                    }
                    for (int at = 0; at < length; ) {
                        int n = (int) bytes.write(new ByteBuffer[] {ByteBuffer.wrap(body, offset + at, Math.min(IO_WINDOW, length - at))});
                        if (n == 0) {
                            awaitWritable();
                        }
                        at += n;
                    }
                }
            } catch (IOException e) {
                throw new ConnectionEOFException("the other end of the pipe is closed (" + e.getMessage() + ")");
            }
        }
    }

    private void awaitWritable() throws IOException {
        try {
            Selector s = writeSelector;
            if (s == null) {
                s = Selector.open();
                writeSelector = s;
                closeIfClosed(s);
                socket.register(s, SelectionKey.OP_WRITE);
            }
            s.select(100);
            s.selectedKeys().clear();
        } catch (ClosedSelectorException closedMeanwhile) {
            // close() from another thread: reported below
        }
        if (closed) {
            throw new IOException("closed while sending");
        }
        if (Thread.currentThread().isInterrupted()) {
            // select returns at once while the flag is set: without this the send would spin
            if (header.position() == 0) {
                throw new IpcInterruptedException("interrupted while sending; nothing of the message was sent");
            }
            close();
            throw new IpcInterruptedException("interrupted while sending a message, part of which was written: "
                    + "this end is closed, since the rest of it cannot follow");
        }
    }

    /**
     * A selector opened while another thread closed this channel: close() may not have seen
     * it (both fields are volatile, so one of the two threads sees the other's write).
     */
    private void closeIfClosed(Selector s) throws IOException {
        if (closed) {
            s.close();
        }
    }

    @Override
    public Message receive(long timeoutNanos) {
        lockForRead(timeoutNanos);
        try {
            requireOpenOrFilled();
            if (!awaitFilled(timeoutNanos)) {
                return null;
            }
            if (next == null) {
                throw new ConnectionEOFException("the other end of the pipe closed");
            }
            Message m = new Message(bodyTag, next);
            next = null;
            return m;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean awaitReady(long timeoutNanos) {
        long start = System.nanoTime();
        try {
            lockForRead(timeoutNanos);
        } catch (io.ipc4j.IpcTimeoutException anotherThreadReceives) {
            return false; // what comes is that thread's: nothing is ready for this one within the time
        }
        try {
            requireOpenOrFilled();
            return awaitFilled(timeoutNanos < 0 ? timeoutNanos : Math.max(0, timeoutNanos - (System.nanoTime() - start)));
        } finally {
            readLock.unlock();
        }
    }

    /** A receive on an end closed before the call is a misuse; one closed while it waits reads as end of stream. */
    private void requireOpenOrFilled() {
        if (closed && next == null && !eof) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    /**
     * Reads until a frame or the end of the stream is there: spinning first (unless recent
     * spins were in vain, as on a busy machine where the spinner takes its peer's core, see
     * {@link SpinPolicy}), then blocking.
     */
    private boolean awaitFilled(long timeoutNanos) {
        if (fill()) {
            return true;
        }
        long start = System.nanoTime();
        boolean spin = spinNanos > 0 && timeoutNanos != 0 && spinPolicy.spinNow();
        long spinEnd = start + (spin ? spinNanos : 0);
        boolean blocked = false;
        try {
            while (!fill()) {
                long now = System.nanoTime();
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (now - start);
                if (left <= 0) {
                    return false;
                }
                if (now - spinEnd < 0) {
                    // Yield, not just pause: the kernel wakes a peer blocked on a socket onto the
                    // writer's core (a "sync" wake-up, expecting the writer to sleep), so a pure
                    // spin kept the peer that was to answer it waiting for the spin to end
                    // (counted: 0-2 of 250 spins found their message at load 15). Yielding lets
                    // it run; with a core each, nothing else is runnable and yield returns at once.
                    Thread.yield();
                } else {
                    blocked = true;
                    awaitReadable(left);
                }
            }
            return true;
        } finally {
            if (spin) {
                spinPolicy.spun(!blocked);
            }
        }
    }

    /** Whether this end's next wait for a message spins before it blocks (for tests). */
    boolean spinsNextWait() {
        readLock.lock();
        try {
            return spinNanos > 0 && spinPolicy.spinsNext();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean ready() {
        if (!readLock.tryLock()) {
            return false; // another thread is receiving: what comes is its
        }
        try {
            return fill();
        } finally {
            readLock.unlock();
        }
    }

    private void lockForRead(long timeoutNanos) {
        try {
            if (timeoutNanos < 0) {
                readLock.lockInterruptibly();
            } else if (!readLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new io.ipc4j.IpcTimeoutException("another thread is receiving on this connection");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while receiving");
        }
    }

    /**
     * Reads what the socket has without blocking, until a whole frame is in {@link #next}.
     *
     * @return whether a frame or the end of the stream is there
     */
    private boolean fill() {
        if (next != null || eof) {
            return true;
        }
        if (closed) {
            throw closedWhileReceiving();
        }
        try {
            while (true) {
                if (body != null) {
                    bodyFilled += drainInto();
                    if (bodyFilled < body.length) {
                        int n = bytes.read(ByteBuffer.wrap(body, bodyFilled,
                                Math.min(IO_WINDOW, body.length - bodyFilled)));
                        if (n < 0) {
                            eof = true;
                            return true;
                        }
                        bodyFilled += n;
                        if (bodyFilled < body.length) {
                            if (n == 0) {
                                return false;
                            }
                            continue;
                        }
                    }
                    next = body;
                    body = null;
                    return true;
                }
                if (in.position() >= 5) {
                    int length = in.getInt(0);
                    if (length < 1 || length > maxFrameBytes) {
                        close();
                        throw new FrameTooLargeException("received a frame of " + Integer.toUnsignedLong(length)
                                + " bytes, above the limit of " + maxFrameBytes + " bytes; the connection was closed");
                    }
                    bodyTag = in.get(4);
                    in.flip().position(5);
                    in.compact();
                    body = new byte[length - 1];
                    bodyFilled = 0;
                    continue;
                }
                int n = bytes.read(in);
                if (n < 0) {
                    eof = true;
                    return true;
                }
                if (n == 0) {
                    return false;
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            close();
            throw new IpcException("TLS failed on this connection, which is closed: " + e.getMessage(), e);
        } catch (IOException e) {
            if (closed) {
                // another thread closed this end during the read: as when it closes it during the wait
                throw closedWhileReceiving();
            }
            eof = true;
            return true;
        }
    }

    /** Moves buffered bytes of the current frame's body out of the read buffer. */
    private int drainInto() {
        int n = Math.min(in.position(), body.length - bodyFilled);
        if (n > 0) {
            in.flip();
            in.get(body, bodyFilled, n);
            in.compact();
        }
        return n;
    }

    private void awaitReadable(long timeoutNanos) {
        try {
            Selector s = readSelector;
            if (s == null) {
                s = Selector.open();
                readSelector = s;
                closeIfClosed(s);
                socket.register(s, SelectionKey.OP_READ);
            }
            long millis = Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(timeoutNanos), 100));
            s.select(millis);
            s.selectedKeys().clear();
        } catch (IOException | ClosedSelectorException e) {
            if (closed) {
                throw closedWhileReceiving();
            }
            throw new IpcException("cannot wait on the connection: " + e.getMessage(), e);
        }
        if (closed) {
            throw closedWhileReceiving();
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while receiving");
        }
    }

    /** What a thread receiving on this end gets when another thread closes it, as at end of stream. */
    private static ConnectionEOFException closedWhileReceiving() {
        return new ConnectionEOFException("this end of the pipe was closed while receiving");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(socket);
        closeQuietly(readSelector);
        closeQuietly(writeSelector);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
