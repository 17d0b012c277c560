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
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader waits in a selector on a Unix socket {@code bell-<pid>} of the context's
 * directory, which ringers connect to and write a byte: the way in where no FIFO could
 * be made (no {@code mkfifo} on the machine, say). A selector's wake-up takes about twice
 * a blocking read's, but a select has its own timeout and ends on an interrupt.
 */
final class SocketEar implements Ear {
    static final long KIND = 2;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(64);

    SocketEar(Path dir) throws IOException {
        this.socket = socketOf(dir, ProcessHandle.current().pid());
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(socket));
            // bind() follows the umask; the directory is the owner's alone, and so is the socket.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            s.configureBlocking(false);
            Selector sel = Selector.open();
            s.register(sel, SelectionKey.OP_ACCEPT);
            this.selector = sel;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.server = s;
    }

    static Path socketOf(Path dir, long pid) {
        return dir.resolve("bell-" + pid);
    }

    @Override
    public long kind() {
        return KIND;
    }

    /**
     * Accepts new ringers and drains the bytes of past rings before the waiter's last look:
     * a ring after that look stays unread and ends the select.
     */
    @Override
    public void beforeLastLook() {
        try {
            Set<SelectionKey> keys = selector.selectedKeys();
            if (keys.isEmpty()) {
                return;
            }
            for (SelectionKey key : keys) {
                if (key.isAcceptable()) {
                    SocketChannel c = server.accept();
                    if (c != null) {
                        c.configureBlocking(false);
                        c.register(selector, SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    drain((SocketChannel) key.channel(), key);
                }
            }
            keys.clear();
        } catch (IOException | RuntimeException closed) {
            // closed with its context; select says so
        }
    }

    private void drain(SocketChannel c, SelectionKey key) {
        scratch.clear();
        try {
            if (c.read(scratch) >= 0) {
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

    /** What woke it is left for {@link #beforeLastLook} at the next wait, after the waiter this one wakes has gone its way. */
    @Override
    public void await(long nanos) {
        // Rounded up: waking just before the deadline would cost one more park.
        long millis = (nanos + 999_999) / 1_000_000;
        try {
            selector.select(millis);
        } catch (IOException | RuntimeException closed) {
            // Closed with its context: no ring comes any more, so the waiter looks again soon.
            LockSupport.parkNanos(this, Math.min(millis, 1) * 1_000_000);
        }
    }

    @Override
    public void wakeReader() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // closing anyway; the context's directory goes as a whole
        }
    }

    /** Rings a process listening this way: connects once, then writes a byte a ring. */
    static SocketChannel dial(Path dir, long pid) throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socketOf(dir, pid)));
        c.configureBlocking(false);
        return c;
    }
}
