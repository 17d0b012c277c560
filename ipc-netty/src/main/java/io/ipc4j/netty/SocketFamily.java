package io.ipc4j.netty;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where sockets live and how addresses are written: Unix domain socket files, or TCP ports. */
enum SocketFamily {
    UDS {
        @Override
        SocketAddress bindAddress(ChannelSettings s, String hint) {
            requireEpoll();
            Path path = s.socketDir().resolve(hint + ".sock");
            if (path.toString().length() > 100) {
                throw new IpcException("socket path too long for a Unix domain socket: " + path);
            }
            return new DomainSocketAddress(path.toString());
        }

        @Override
        String addressOf(SocketAddress local) {
            String path = ((DomainSocketAddress) local).path();
            try {
                Files.setPosixFilePermissions(Path.of(path), PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restrict " + path, e);
            }
            return "uds:" + path;
        }

        @Override
        SocketAddress parse(String address) {
            if (!address.startsWith("uds:")) {
                throw new IpcException("not a Unix domain socket address: " + address);
            }
            return new DomainSocketAddress(address.substring(4));
        }

        @Override
        void cleanup(SocketAddress bound) {
            try {
                Files.deleteIfExists(Path.of(((DomainSocketAddress) bound).path()));
            } catch (IOException ignored) {
                // the directory goes with the context anyway
            }
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerDomainSocketChannel.class;
        }

        @Override
        Class<? extends Channel> clientChannel() {
            return EpollDomainSocketChannel.class;
        }
    },
    TCP {
        @Override
        SocketAddress bindAddress(ChannelSettings s, String hint) {
            return new InetSocketAddress(s.bindHost(), 0);
        }

        @Override
        String addressOf(SocketAddress local) {
            InetSocketAddress a = (InetSocketAddress) local;
            return "tcp:" + a.getAddress().getHostAddress() + ":" + a.getPort();
        }

        @Override
        SocketAddress parse(String address) {
            int colon = address.lastIndexOf(':');
            if (!address.startsWith("tcp:") || colon <= 4) {
                throw new IpcException("not a TCP address: " + address);
            }
            return new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
        }

        @Override
        void cleanup(SocketAddress bound) {
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EventLoops.epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        }

        @Override
        Class<? extends Channel> clientChannel() {
            return EventLoops.epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
        }

        @Override
        void configureClient(Bootstrap b) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }

        @Override
        void configureServer(ServerBootstrap b) {
            b.childOption(ChannelOption.TCP_NODELAY, true);
        }
    };

    abstract SocketAddress bindAddress(ChannelSettings s, String hint);

    abstract String addressOf(SocketAddress local);

    abstract SocketAddress parse(String address);

    abstract void cleanup(SocketAddress bound);

    abstract Class<? extends ServerChannel> serverChannel();

    abstract Class<? extends Channel> clientChannel();

    void configureClient(Bootstrap b) {
    }

    void configureServer(ServerBootstrap b) {
    }

    private static void requireEpoll() {
        if (!EventLoops.epoll()) {
            throw new IpcException("Unix domain sockets need Netty's native epoll transport, which did not load "
                    + "here; use ipc4j.channel=tcp");
        }
    }
}
