package io.ipc4j.netty;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.ChannelTransport;
import io.ipc4j.spi.DirectChannel;
import io.ipc4j.spi.DirectListener;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The socket channel transport; {@link Uds} and {@link Tcp} differ only in their sockets.
 * Servers are Netty's ({@link NettyChannels}); a {@link FrameChannel} dialed by a JVM that
 * runs no Netty server is a plain JDK socket ({@link SocketFrameChannel}) on the same wire,
 * and direct channels are JDK sockets too, so that a process that only dials, as a child
 * does, loads no Netty class.
 */
public abstract class NettyTransport implements ChannelTransport {

    abstract SocketFamily family();

    @Override
    public void stopThreads(Duration timeout) {
        EventLoops.stop(timeout);
    }

    @Override
    public ChannelServer listen(ChannelSettings settings, String hint, FrameHandler.Factory handlers)
            throws IOException {
        return NettyChannels.listen(family(), settings, hint, handlers);
    }

    /**
     * Connects and authenticates. A listener that closes the connection before its verdict
     * (it is busy with other connections, or was slow) is dialed again until the timeout.
     */
    @Override
    public FrameChannel connect(ChannelSettings settings, String address, FrameHandler handler, Duration timeout)
            throws IOException {
        if ((this instanceof Uds || settings.tls() == null) && !EventLoops.running()) {
            // the same wire on a JDK socket: no Netty class is loaded (a child's start is shorter by Netty's).
            // A JVM that runs Netty already (a coordinator) dials with it: its client threads hand a
            // request over faster than the socket channel's reader and writer threads.
            return connectPlain(settings, address, handler, timeout);
        }
        return Redial.until(timeout, address, left -> NettyChannels.connect(family(), settings, address, handler,
                left));
    }

    /** Dials on a plain JDK socket ({@link SocketFrameChannel}), again while the listener is busy. */
    static FrameChannel connectPlain(ChannelSettings settings, String address, FrameHandler handler, Duration timeout)
            throws IOException {
        return Redial.until(timeout, address, left -> connectSocket(settings, address, handler, left));
    }

    private static FrameChannel connectSocket(ChannelSettings settings, String address, FrameHandler handler,
                                              Duration timeout) throws IOException {
        SocketAddress to = DirectSockets.parse(address);
        boolean uds = to instanceof UnixDomainSocketAddress;
        SocketChannel socket = uds ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            if (uds) {
                socket.connect(to);
            } else {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                socket.socket().connect(to, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        return SocketFrameChannel.start(socket, address, settings.authKey(), settings.maxFrameBytes(), handler,
                timeout);
    }

    @Override
    public DirectListener listenDirect(ChannelSettings settings, String hint, long spinNanos) throws IOException {
        return DirectSockets.listen(this instanceof Uds, settings, hint, spinNanos);
    }

    @Override
    public DirectListener listenDirectAt(ChannelSettings settings, String address, long spinNanos)
            throws IOException {
        if (!address.startsWith(name() + ":")) {
            throw new IpcException("the " + name() + " channel transport cannot listen at " + address);
        }
        return DirectSockets.listenAt(settings, address, spinNanos);
    }

    @Override
    public DirectChannel connectDirect(ChannelSettings settings, String address, long spinNanos, Duration timeout)
            throws IOException {
        return DirectSockets.connect(settings, address, spinNanos, timeout);
    }

    /** Unix domain sockets, the default: {@code ipc4j.channel=uds}. */
    public static final class Uds extends NettyTransport {
        @Override
        public String name() {
            return "uds";
        }

        @Override
        SocketFamily family() {
            return SocketFamily.UDS;
        }
    }

    /** TCP, bound to loopback unless {@code ipc4j.tcp.bind} says otherwise: {@code ipc4j.channel=tcp}. */
    public static final class Tcp extends NettyTransport {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        SocketFamily family() {
            return SocketFamily.TCP;
        }
    }
}
