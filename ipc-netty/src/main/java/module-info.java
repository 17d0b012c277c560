/**
 * The Netty socket transport of ipc4j: framed, authenticated channels over Unix domain
 * sockets ({@code ipc4j.channel=uds}, the default) and TCP ({@code ipc4j.channel=tcp}).
 * It exports nothing: {@code io.ipc4j.core} finds it with {@link java.util.ServiceLoader}.
 *
 * @provides io.ipc4j.spi.ChannelTransport {@code uds} and {@code tcp}
 */
module io.ipc4j.netty {
    requires io.ipc4j.core;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.slf4j;
    // Netty (an automatic module, which cannot say so) needs sun.misc.Unsafe for direct buffers.
    requires jdk.unsupported;

    provides io.ipc4j.spi.ChannelTransport with io.ipc4j.netty.NettyTransport.Uds, io.ipc4j.netty.NettyTransport.Tcp;
}
