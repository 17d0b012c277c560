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
        return listening(server, address, path, uds, settings, spinNanos, false);
    }

    /**
     * Listens at {@code address} ({@code tcp:HOST:PORT} or {@code uds:PATH}) for any number
     * of peers. A socket file that exists already is left alone: binding fails.
     */
    static DirectListener listenAt(ChannelSettings settings, String address, long spinNanos) throws IOException {
        SocketAddress at = parse(address);
        boolean uds = at instanceof UnixDomainSocketAddress;
        ServerSocketChannel server = uds ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                : ServerSocketChannel.open();
        try {
            server.bind(at, BACKLOG);
        } catch (IOException | RuntimeException e) { // UnresolvedAddressException for an unknown host
            server.close();
            throw new IOException(e.toString(), e);
        }
        Path path = null;
        String bound;
        if (uds) {
            path = ((UnixDomainSocketAddress) at).getPath();
            bound = "uds:" + path;
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | RuntimeException e) {
                server.close();
                Files.deleteIfExists(path);
                throw e;
            }
        } else {
            InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
            bound = address.substring(0, address.lastIndexOf(':') + 1) + local.getPort(); // the host as given
        }
        return listening(server, bound, path, uds, settings, spinNanos, true);
    }

    private static DirectListener listening(ServerSocketChannel server, String address, Path path, boolean uds,
                                            ChannelSettings settings, long spinNanos, boolean manyPeers)
            throws IOException {
        try {
            return new DirectSocketListener(server, address, path, uds, settings, spinNanos, manyPeers);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (path != null) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    static SocketAddress parse(String address) {
        if (address.startsWith("uds:")) {
            return UnixDomainSocketAddress.of(address.substring(4));
        }
        int colon = address.lastIndexOf(':');
        if (!address.startsWith("tcp:") || colon <= 4) {
            throw new IpcException("not a socket address: " + address);
        }
        try {
            return new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IpcException("not a socket address: " + address + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Dials a {@link DirectSocketListener} and authenticates. A listener that closes the
     * connection before its verdict (busy with other connections) is dialed again until the timeout.
     */
    static DirectChannel connect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException {
        SocketAddress to = parse(address);
        boolean uds = to instanceof UnixDomainSocketAddress;
        return Redial.until(timeout, address, left -> dialOnce(settings, uds, to, spinNanos, left));
    }

    private static DirectChannel dialOnce(ChannelSettings settings, boolean uds, SocketAddress to, long spinNanos,
                                          Duration timeout) throws IOException {
        // TCP in the JDK's default family, which reaches IPv6 hosts as well as IPv4 ones
        SocketChannel peer = uds ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            peer.connect(to);
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        DirectSocketChannel ch = open(peer, uds, settings, spinNanos, true);
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
    static DirectSocketChannel open(SocketChannel peer, boolean uds, ChannelSettings settings, long spinNanos,
                                    boolean client) throws IOException {
        try {
            if (!uds) {
                peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            peer.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            peer.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            javax.net.ssl.SSLContext tls = uds ? null : settings.tls();
            if (tls == null) {
                return new DirectSocketChannel(peer, settings.maxFrameBytes(), spinNanos);
            }
            return new DirectSocketChannel(peer, settings.maxFrameBytes(), spinNanos, TlsEngines.engine(tls, client));
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }
}
