package io.ipc4j.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Raw connections to an ipc4j address that connect and then say nothing, as a local user
 * without the key would. Reads what the listener sends them and notices when it closes them.
 */
public final class SilentPeers implements AutoCloseable {
    private final Selector selector = Selector.open();
    private final List<Peer> peers = new ArrayList<>();

    private static final class Peer {
        final SocketChannel socket;
        long received;
        boolean closedByListener;
        boolean hungUp;

        Peer(SocketChannel socket) {
            this.socket = socket;
        }
    }

    private SilentPeers() throws IOException {
    }

    /** Opens {@code n} connections to {@code address} ({@code uds:/path} or {@code tcp:host:port}). */
    public static SilentPeers open(String address, int n) throws IOException {
        SilentPeers s = new SilentPeers();
        try {
            for (int i = 0; i < n; i++) {
                s.add(address);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void add(String address) throws IOException {
        SocketAddress to;
        SocketChannel socket;
        if (address.startsWith("uds:")) {
            to = UnixDomainSocketAddress.of(address.substring(4));
            socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            int colon = address.lastIndexOf(':');
            to = new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
            socket = SocketChannel.open(StandardProtocolFamily.INET);
        }
        Peer p = new Peer(socket);
        peers.add(p);
        socket.connect(to);
        socket.configureBlocking(false);
        socket.register(selector, SelectionKey.OP_READ, p);
    }

    /**
     * Reads until at least {@code count} connections have been closed by the listener, or
     * the timeout passes.
     *
     * @return how many have been closed by the listener
     */
    public int awaitClosed(int count, Duration timeout) throws IOException {
        pump(timeout, () -> closed() >= count);
        return closed();
    }

    /**
     * Reads until at least {@code count} connections are open and have been sent a
     * challenge, or the timeout passes.
     *
     * @return how many are open and challenged
     */
    public int awaitOpenAndChallenged(int count, Duration timeout) throws IOException {
        pump(timeout, () -> openAndChallenged() >= count);
        return openAndChallenged();
    }

    private void pump(Duration timeout, BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            selector.select(Math.max(1, Math.min(left / 1_000_000, 200)));
            for (SelectionKey k : selector.selectedKeys()) {
                Peer p = (Peer) k.attachment();
                int n;
                do {
                    buf.clear();
                    try {
                        n = p.socket.read(buf);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n > 0) {
                        p.received += n;
                    }
                } while (n > 0);
                if (n < 0) {
                    p.closedByListener = true;
                    k.cancel();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** How many the listener has closed so far (as last read). */
    public int closed() {
        return (int) peers.stream().filter(p -> p.closedByListener).count();
    }

    /** How many the listener closed without sending them anything. */
    public int closedUnanswered() {
        return (int) peers.stream().filter(p -> p.closedByListener && p.received == 0).count();
    }

    /** How many are still open and have been sent something (an authentication challenge). */
    public int openAndChallenged() {
        return (int) peers.stream().filter(p -> !p.closedByListener && !p.hungUp && p.received > 0).count();
    }

    /** Closes one connection that is still open, from this side. */
    public void hangUpOne() throws IOException {
        for (Peer p : peers) {
            if (!p.closedByListener && !p.hungUp) {
                p.hungUp = true;
                p.socket.keyFor(selector).cancel();
                p.socket.close();
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Peer p : peers) {
            p.socket.close();
        }
        selector.close();
    }
}
