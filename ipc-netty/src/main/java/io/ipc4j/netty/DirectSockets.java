package io.ipc4j.netty;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Listening for and dialing {@link DirectSocketChannel}s, over Unix domain sockets or TCP. */
final class DirectSockets {
    /** How long a peer that has connected may take to authenticate, however short the accept wait. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private DirectSockets() {
    }

    static DirectListener listen(boolean uds, ChannelSettings settings, String hint, long spinNanos)
            throws IOException {
        ServerSocketChannel server;
        Path path = null;
        if (uds) {
            path = settings.socketDir().resolve(hint + ".sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 1);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } else {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(settings.bindHost(), 0), 1);
        }
        String address = uds ? "uds:" + path
                : "tcp:" + ((InetSocketAddress) server.getLocalAddress()).getAddress().getHostAddress() + ":"
                        + ((InetSocketAddress) server.getLocalAddress()).getPort();
        Path socketFile = path;
        server.configureBlocking(false);
        return new DirectListener() {
            @Override
            public String address() {
                return address;
            }

            @Override
            public DirectChannel accept(Duration timeout) throws IOException {
                long deadline = System.nanoTime() + timeout.toNanos();
                try (Selector selector = Selector.open()) {
                    server.register(selector, SelectionKey.OP_ACCEPT);
                    while (true) {
                        SocketChannel peer = server.accept();
                        if (peer != null) {
                            DirectSocketChannel ch = open(peer, uds, settings, spinNanos);
                            try {
                                DirectHandshake.asServer(ch, settings.authKey(), settings.maxFrameBytes(),
                                        HANDSHAKE_TIMEOUT);
                            } catch (RuntimeException e) {
                                ch.close();
                                throw e;
                            }
                            return ch;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new IOException("no peer connected to " + address + " within " + timeout);
                        }
                        selector.select(Math.max(1, Math.min(left / 1_000_000, 1000)));
                        selector.selectedKeys().clear();
                    }
                }
            }

            @Override
            public void close() {
                try {
                    server.close();
                    if (socketFile != null) {
                        Files.deleteIfExists(socketFile);
                    }
                } catch (IOException ignored) {
                    // the directory goes with the context
                }
            }
        };
    }

    static DirectChannel connect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException {
        boolean uds = address.startsWith("uds:");
        SocketAddress to;
        if (uds) {
            to = UnixDomainSocketAddress.of(address.substring(4));
        } else if (address.startsWith("tcp:")) {
            int colon = address.lastIndexOf(':');
            to = new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
        } else {
            throw new IpcException("not a socket address: " + address);
        }
        SocketChannel peer = SocketChannel.open(uds ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        try {
            peer.connect(to);
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        DirectSocketChannel ch = open(peer, uds, settings, spinNanos);
        DirectHandshake.asClient(ch, settings.authKey(), settings.maxFrameBytes(), timeout);
        return ch;
    }

    /**
     * Socket buffers asked for (the kernel caps them at its maximum). The default of about
     * 200 KiB makes a multi-megabyte message wait for dozens of wake-ups of the other side.
     */
    private static final int SOCKET_BUFFER = 4 << 20;

    private static DirectSocketChannel open(SocketChannel peer, boolean uds, ChannelSettings settings, long spinNanos)
            throws IOException {
        if (!uds) {
            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        peer.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        peer.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        return new DirectSocketChannel(peer, settings.maxFrameBytes(), spinNanos);
    }
}
