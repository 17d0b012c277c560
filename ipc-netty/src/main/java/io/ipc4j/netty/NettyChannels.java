package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import io.ipc4j.spi.ChannelServer;
import io.ipc4j.spi.ChannelSettings;
import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Netty side of {@link NettyTransport}, apart so that a JVM that only dials (a child)
 * never loads a Netty class. Each channel's pipeline is: framing, length prefix, the HMAC
 * handshake, then the dispatcher to the core's {@link FrameHandler}.
 */
final class NettyChannels {
    private NettyChannels() {
    }

    static ChannelServer listen(SocketFamily family, ChannelSettings settings, String hint, FrameHandler.Factory handlers)
            throws IOException {
        SocketAddress bindTo = family.bindAddress(settings, hint);
        HandshakeSlots slots = new HandshakeSlots(settings.maxPendingHandshakes());
        ServerBootstrap b = new ServerBootstrap()
                .group(EventLoops.group())
                .channel(family.serverChannel())
                .handler(new AcceptPause())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Runnable release = slots.take();
                        if (release == null) {
                            ch.close();
                            handlers.onRefused(AuthHandshake.peerOf(ch), new IpcException(slots.refusal()));
                            return;
                        }
                        ch.closeFuture().addListener(f -> release.run());
                        addTls(ch, family, settings, false);
                        FrameDecoder decoder = new FrameDecoder();
                        ch.pipeline().addLast("framing", decoder)
                                .addLast("prefix", new LengthFieldPrepender(4))
                                .addLast("auth", new AuthHandshake(settings.authKey(), true,
                                        settings.handshakeTimeout(),
                                        ctx -> {
                                            release.run();
                                            accepted(ctx, decoder, settings, handlers);
                                        },
                                        e -> handlers.onRefused(AuthHandshake.peerOf(ch), e)));
                    }
                });
        family.configureServer(b);
        ChannelFuture bound = b.bind(bindTo).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            family.cleanup(bindTo);
            throw new IOException("cannot listen on " + bindTo + ": " + bound.cause().getMessage(), bound.cause());
        }
        Channel server = bound.channel();
        String address = family.addressOf(server.localAddress());
        return new ChannelServer() {
            @Override
            public String address() {
                return address;
            }

            @Override
            public void close() {
                server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                family.cleanup(bindTo);
            }
        };
    }

    /**
     * TLS 1.3 below the framing of a TCP channel when the settings carry certificates; the
     * HMAC handshake then runs inside it. Unix domain sockets never leave the machine: plain.
     */
    private static void addTls(Channel ch, SocketFamily family, ChannelSettings settings, boolean client) {
        if (family == SocketFamily.TCP && settings.tls() != null) {
            ch.pipeline().addLast("tls", new SslHandler(TlsEngines.engine(settings.tls(), client)));
        }
    }

    private static void accepted(ChannelHandlerContext ctx, FrameDecoder decoder, ChannelSettings settings,
                                 FrameHandler.Factory handlers) {
        decoder.raiseLimit(settings.maxFrameBytes());
        NettyFrameChannel channel = new NettyFrameChannel(ctx.channel(), settings.maxFrameBytes());
        FrameHandler handler = handlers.create(channel);
        ctx.pipeline().addLast("dispatch", new FrameDispatcher(channel, handler));
    }

    static FrameChannel connect(SocketFamily family, ChannelSettings settings, String address, FrameHandler handler, Duration timeout)
            throws IOException {
        CompletableFuture<NettyFrameChannel> ready = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(EventLoops.group())
                .channel(family.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        addTls(ch, family, settings, true);
                        FrameDecoder decoder = new FrameDecoder();
                        ch.pipeline().addLast("framing", decoder)
                                .addLast("prefix", new LengthFieldPrepender(4))
                                .addLast("auth", new AuthHandshake(settings.authKey(), false,
                                        settings.handshakeTimeout(), ctx -> {
                                            decoder.raiseLimit(settings.maxFrameBytes());
                                            NettyFrameChannel fc = new NettyFrameChannel(ch, settings.maxFrameBytes());
                                            ctx.pipeline().addLast("dispatch", new FrameDispatcher(fc, handler));
                                            ready.complete(fc);
                                        }, ready::completeExceptionally));
                    }
                });
        family.configureClient(b);
        ChannelFuture connected = b.connect(family.parse(address));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
            }
        });
        try {
            return ready.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            connected.channel().close();
            Throwable c = e.getCause();
            if (c instanceof AuthenticationException) {
                throw new AuthenticationException(c.getMessage(), c);
            }
            if (c instanceof HandshakeAbortedException) {
                throw (HandshakeAbortedException) c;
            }
            throw new IOException("cannot connect to " + address + ": " + c.getMessage(), c);
        } catch (TimeoutException e) {
            connected.channel().close();
            throw new IOException("timed out connecting to " + address + " after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            connected.channel().close();
            Thread.currentThread().interrupt();
            throw new IpcInterruptedException("interrupted while connecting to " + address);
        }
    }
}
