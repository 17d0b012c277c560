package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dialing side of a {@link FrameChannel} on a plain JDK socket, with no Netty class
 * loaded: a child JVM reaches its coordinator this way, which takes Netty's start-up (its
 * classes, its native library, its event loops) off every child's start. The wire is the
 * Netty channels' (a 4-byte length and the frame; the handshake of {@link AuthHandshake}),
 * so it talks to the coordinator's Netty server as a Netty client would.
 * <p>
 * Two daemon threads stand in for the event loop: the reader authenticates, then hands
 * each frame to the handler; the writer sends queued frames (so that {@link #send} never
 * blocks on the network, as on Netty) and runs {@link #execute}'s tasks in order with them.
 */
final class SocketFrameChannel implements FrameChannel {
    /** Outbound bytes above which {@link #awaitWritable} waits, as Netty's default high-water mark. */
    private static final int HIGH_WATER = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final SocketChannel socket;
    private final String peer;
    private final int maxFrameBytes;
    private final FrameHandler handler;
    /** Frames ({@code byte[]}) and tasks ({@code Runnable}) in the order they were given. */
    private final ArrayDeque<Object> outbox = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closing;
    private volatile boolean open = true;
    private Thread writer;

    private SocketFrameChannel(SocketChannel socket, String peer, int maxFrameBytes, FrameHandler handler) {
        this.socket = socket;
        this.peer = peer;
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
    }

    /**
     * Authenticates on the connected {@code socket} (closing it on failure) and starts the channel.
     *
     * @throws AuthenticationException if a key is wrong
     * @throws HandshakeAbortedException if the listener closed the connection before its verdict
     */
    static FrameChannel start(SocketChannel socket, String peer, byte[] key, int maxFrameBytes, FrameHandler handler,
                              Duration timeout) throws IOException {
        SocketFrameChannel ch = new SocketFrameChannel(socket, peer, maxFrameBytes, handler);
        CompletableFuture<Void> authenticated = new CompletableFuture<>();
        Thread reader = new Thread(() -> ch.read(key, authenticated), "ipc4j-socket-read");
        reader.setDaemon(true);
        reader.start();
        try {
            authenticated.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            ch.abort();
            Throwable c = e.getCause();
            if (c instanceof AuthenticationException a) {
                throw new AuthenticationException(a.getMessage(), a);
            }
            if (c instanceof HandshakeAbortedException h) {
                throw h;
            }
            throw new IOException("cannot connect to " + peer + ": " + c.getMessage(), c);
        } catch (TimeoutException e) {
            ch.abort();
            throw new IOException("timed out connecting to " + peer + " after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            ch.abort();
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while connecting to " + peer);
        }
        ch.writer = new Thread(ch::write, "ipc4j-socket-write");
        ch.writer.setDaemon(true);
        ch.writer.start();
        return ch;
    }

    @Override
    public void send(byte[] frame) {
        if (frame.length > maxFrameBytes) {
            throw new FrameTooLargeException("a message of " + frame.length + " bytes is above the limit of "
                    + maxFrameBytes + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        synchronized (outbox) {
            if (!open || closing) {
                throw new ConnectionEOFException("the channel to " + peer + " is closed");
            }
            outbox.add(frame);
            queuedBytes += frame.length + 4L;
            outbox.notifyAll();
        }
    }

    @Override
    public void execute(Runnable task) {
        synchronized (outbox) {
            outbox.add(task);
            outbox.notifyAll();
        }
    }

    @Override
    public boolean awaitWritable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (outbox) {
            while (open && queuedBytes > HIGH_WATER) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(outbox, left);
            }
        }
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String peer() {
        return peer;
    }

    /** Sends what was sent before, then closes; waits for that unless called on the writer thread. */
    @Override
    public void close() {
        synchronized (outbox) {
            if (!open || closing) {
                return;
            }
            closing = true;
            outbox.notifyAll();
        }
        Thread w = writer;
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (w == null) {
            abort();
        }
    }

    @Override
    public String toString() {
        return "FrameChannel[socket to " + peer + "]";
    }

    private void abort() {
        synchronized (outbox) {
            open = false;
            outbox.clear();
            outbox.notifyAll();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed is closed
        }
    }

    /** The writer thread: frames in gathering writes, tasks in their turn, until closed and drained. */
    private void write() {
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                synchronized (outbox) {
                    while (open && outbox.isEmpty() && !closing) {
                        outbox.wait();
                    }
                    if (!open || outbox.isEmpty() && closing) {
                        break;
                    }
                    batch.addAll(outbox);
                    outbox.clear();
                }
                writeBatch(batch);
                batch.clear();
            }
        } catch (IOException | InterruptedException e) {
            // the peer is gone: the reader reports it
        } finally {
            abort();
        }
    }

    private void writeBatch(List<Object> batch) throws IOException {
        List<ByteBuffer> pending = new ArrayList<>();
        long bytes = 0;
        for (Object o : batch) {
            if (o instanceof byte[] frame) {
                pending.add(ByteBuffer.allocate(4).putInt(0, frame.length));
                pending.add(ByteBuffer.wrap(frame));
                bytes += frame.length + 4L;
            } else {
                bytes = flush(pending, bytes);
                runTask((Runnable) o);
            }
        }
        flush(pending, bytes);
    }

    private long flush(List<ByteBuffer> pending, long bytes) throws IOException {
        if (pending.isEmpty()) {
            return 0;
        }
        ByteBuffer[] buffers = pending.toArray(new ByteBuffer[0]);
        int first = 0;
        while (first < buffers.length) {
            socket.write(buffers, first, buffers.length - first);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
        }
        pending.clear();
        synchronized (outbox) {
            queuedBytes -= bytes;
            outbox.notifyAll();
        }
        return 0;
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SocketFrameChannel.class).warn("a channel task failed", e);
        }
    }

    /** The reader thread: the handshake, then every frame to the handler, then its end. */
    private void read(byte[] key, CompletableFuture<Void> authenticated) {
        FrameReader in = new FrameReader();
        try {
            handshake(in, key);
        } catch (EOFException e) {
            failHandshake(authenticated, new HandshakeAbortedException("the peer closed the connection during "
                    + "authentication, before its verdict (peer " + peer + ")"));
            return;
        } catch (IOException e) {
            failHandshake(authenticated, new HandshakeAbortedException("the connection failed during authentication: "
                    + e.getMessage() + " (peer " + peer + ")"));
            return;
        } catch (RuntimeException e) {
            failHandshake(authenticated, e);
            return;
        }
        authenticated.complete(null);
        Throwable cause = null;
        try {
            while (true) {
                handler.onFrame(this, in.next(maxFrameBytes));
            }
        } catch (EOFException end) {
            // an orderly end
        } catch (IOException e) {
            cause = open && !closing ? e : null;
        } catch (RuntimeException e) {
            cause = e;
        }
        abort();
        handler.onClose(this, cause);
    }

    private void failHandshake(CompletableFuture<Void> authenticated, Exception e) {
        authenticated.completeExceptionally(e);
        abort();
    }

    /** The client's side of {@link AuthHandshake}: answer the listener's challenge, then challenge it. */
    private void handshake(FrameReader in, byte[] key) throws IOException {
        int limit = FrameDecoder.HANDSHAKE_LIMIT;
        byte[] challenge = in.next(limit);
        if (!AuthProtocol.isChallenge(challenge)) {
            throw new AuthenticationException("the peer did not send an authentication challenge (peer " + peer + ")");
        }
        writeNow(AuthProtocol.answer(key, challenge));
        if (!Arrays.equals(in.next(limit), AuthProtocol.WELCOME)) {
            throw new AuthenticationException("the peer rejected our authentication key (peer " + peer + ")");
        }
        byte[] ours = AuthProtocol.newChallenge();
        writeNow(ours);
        if (!AuthProtocol.verify(key, ours, in.next(limit))) {
            writeNow(AuthProtocol.FAILURE);
            throw new AuthenticationException("the peer failed the authentication challenge (digest received was "
                    + "wrong) (peer " + peer + ")");
        }
        writeNow(AuthProtocol.WELCOME);
    }

    private void writeNow(byte[] frame) throws IOException {
        ByteBuffer[] parts = {ByteBuffer.allocate(4).putInt(0, frame.length), ByteBuffer.wrap(frame)};
        while (parts[0].hasRemaining() || parts[1].hasRemaining()) {
            socket.write(parts);
        }
    }

    /** Frames read from the socket through one buffer, so that small frames cost no call each. */
    private final class FrameReader {
        private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER).flip();

        byte[] next(int limit) throws IOException {
            fill(4);
            int length = buffer.getInt();
            if (length < 0 || length > limit) {
                throw new FrameTooLargeException("received a frame of " + Integer.toUnsignedLong(length)
                        + " bytes, above the limit of " + limit + " bytes; closing the channel");
            }
            byte[] frame = new byte[length];
            int have = Math.min(length, buffer.remaining());
            buffer.get(frame, 0, have);
            if (have < length) {
                ByteBuffer rest = ByteBuffer.wrap(frame, have, length - have);
                while (rest.hasRemaining()) {
                    if (socket.read(rest) < 0) {
                        throw new EOFException();
                    }
                }
            }
            return frame;
        }

        private void fill(int n) throws IOException {
            if (buffer.remaining() >= n) {
                return;
            }
            buffer.compact();
            while (buffer.position() < n) {
                if (socket.read(buffer) < 0) {
                    throw new EOFException();
                }
            }
            buffer.flip();
        }
    }
}
