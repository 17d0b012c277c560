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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/** Listening for and dialing {@link DirectSocketChannel}s, over Unix domain sockets or TCP. */
final class DirectSockets {
    /** Connections the kernel queues for the listener; it takes them all at once, so this only absorbs bursts. */
    private static final int BACKLOG = 64;

    private DirectSockets() {
    }

    static DirectListener listen(boolean uds, ChannelSettings settings, String hint, long spinNanos)
            throws IOException {
        ServerSocketChannel server;
        Path path = null;
        if (uds) {
            path = settings.socketDir().resolve(hint + ".sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } else {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(settings.bindHost(), 0), BACKLOG);
        }
        String address = uds ? "uds:" + path
                : "tcp:" + ((InetSocketAddress) server.getLocalAddress()).getAddress().getHostAddress() + ":"
                        + ((InetSocketAddress) server.getLocalAddress()).getPort();
        try {
            return new DirectSocketListener(server, address, path, uds, settings, spinNanos);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (path != null) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    /**
     * Dials a {@link DirectSocketListener} and authenticates. A listener that closes the
     * connection before its verdict (busy with other connections) is dialed again until the timeout.
     */
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
        return Redial.until(timeout, address, left -> dialOnce(settings, uds, to, spinNanos, left));
    }

    private static DirectChannel dialOnce(ChannelSettings settings, boolean uds, SocketAddress to, long spinNanos,
                                          Duration timeout) throws IOException {
        SocketChannel peer = SocketChannel.open(uds ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
        try {
            peer.connect(to);
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        DirectSocketChannel ch = open(peer, uds, settings, spinNanos);
        try {
            DirectHandshake.asClient(ch, settings.authKey(), settings.maxFrameBytes(), timeout);
            return ch;
        } catch (HandshakeAbortedException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Socket buffers asked for (the kernel caps them at its maximum). The default of about
     * 200 KiB makes a multi-megabyte message wait for dozens of wake-ups of the other side.
     */
    private static final int SOCKET_BUFFER = 4 << 20;

    /** Wraps a connected socket; closes it if that fails. */
    static DirectSocketChannel open(SocketChannel peer, boolean uds, ChannelSettings settings, long spinNanos)
            throws IOException {
        try {
            if (!uds) {
                peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            peer.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            peer.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            return new DirectSocketChannel(peer, settings.maxFrameBytes(), spinNanos);
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }
}
