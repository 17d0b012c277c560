package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HMAC challenge in both directions, as CPython's {@code multiprocessing.connection}
 * does it: the server challenges the client, then the client challenges the server.
 * Handshake frames are plain bytes; nothing is deserialized before both sides pass.
 * On success the handler removes itself and calls {@code onSuccess}; on failure it
 * answers {@code #FAILURE#}, closes the channel and calls {@code onFailure} with an
 * {@link AuthenticationException}. A peer that has not finished within the timeout is
 * closed; that, and a connection that ends before a verdict, reach {@code onFailure} as a
 * {@link HandshakeAbortedException}.
 */
final class AuthHandshake extends ChannelInboundHandlerAdapter {

    private enum Step { AWAIT_CHALLENGE, AWAIT_ANSWER, AWAIT_VERDICT, DONE }

    private final byte[] key;
    private final boolean server;
    private final Consumer<ChannelHandlerContext> onSuccess;
    private final Consumer<Exception> onFailure;
    private final Duration timeout;
    private ScheduledFuture<?> deadline;
    private byte[] sentChallenge;
    private Step step;

    AuthHandshake(byte[] key, boolean server, Duration timeout, Consumer<ChannelHandlerContext> onSuccess,
                  Consumer<Exception> onFailure) {
        this.key = key;
        this.server = server;
        this.timeout = timeout;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.step = server ? Step.AWAIT_ANSWER : Step.AWAIT_CHALLENGE;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> timedOut(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (server) {
            challenge(ctx);
        }
        ctx.fireChannelActive();
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (step != Step.DONE) {
            abort(ctx, new HandshakeAbortedException("the peer did not authenticate within " + timeout.toMillis()
                    + " ms (setting ipc4j.handshakeTimeoutMillis); closed (peer " + peerOf(ctx.channel()) + ")"));
        }
    }

    private void challenge(ChannelHandlerContext ctx) {
        sentChallenge = AuthProtocol.newChallenge();
        write(ctx, sentChallenge);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (step == Step.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        byte[] frame;
        try {
            frame = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        switch (step) {
            case AWAIT_CHALLENGE:
                if (!AuthProtocol.isChallenge(frame)) {
                    fail(ctx, "the peer did not send an authentication challenge", false);
                    return;
                }
                write(ctx, AuthProtocol.answer(key, frame));
                step = Step.AWAIT_VERDICT;
                break;
            case AWAIT_VERDICT:
                if (!Arrays.equals(frame, AuthProtocol.WELCOME)) {
                    fail(ctx, "the peer rejected our authentication key", false);
                    return;
                }
                if (server) {
                    step = Step.DONE;
                    succeed(ctx);
                } else {
                    challenge(ctx);
                    step = Step.AWAIT_ANSWER;
                }
                break;
            case AWAIT_ANSWER:
                if (!AuthProtocol.verify(key, sentChallenge, frame)) {
                    fail(ctx, "the peer failed the authentication challenge (digest received was wrong)", true);
                    return;
                }
                write(ctx, AuthProtocol.WELCOME);
                if (server) {
                    step = Step.AWAIT_CHALLENGE;
                } else {
                    step = Step.DONE;
                    succeed(ctx);
                }
                break;
            default:
                break;
        }
    }

    private void succeed(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.pipeline().remove(this);
        onSuccess.accept(ctx);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void abort(ChannelHandlerContext ctx, HandshakeAbortedException e) {
        step = Step.DONE;
        cancelDeadline();
        ctx.close();
        onFailure.accept(e);
    }

    private void fail(ChannelHandlerContext ctx, String why, boolean tellPeer) {
        step = Step.DONE;
        cancelDeadline();
        AuthenticationException e = new AuthenticationException(why + " (peer " + peerOf(ctx.channel()) + ")");
        if (tellPeer) {
            ctx.writeAndFlush(frameOf(AuthProtocol.FAILURE)).addListener(f -> ctx.close());
        } else {
            ctx.close();
        }
        onFailure.accept(e);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (step != Step.DONE) {
            abort(ctx, new HandshakeAbortedException("the connection closed during authentication, before the "
                    + "peer's verdict (peer " + peerOf(ctx.channel()) + ")"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (step != Step.DONE && cause instanceof IOException) {
            abort(ctx, new HandshakeAbortedException("the connection failed during authentication: "
                    + cause.getMessage() + " (peer " + peerOf(ctx.channel()) + ")"));
        } else if (step != Step.DONE) {
            fail(ctx, "authentication failed: " + cause.getMessage(), false);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** The peer's address; a Unix domain socket's client has none, so it is named by the socket it reached. */
    static String peerOf(Channel ch) {
        String remote = String.valueOf(ch.remoteAddress());
        return remote.isEmpty() || "null".equals(remote) ? "a local process at " + ch.localAddress() : remote;
    }

    private static void write(ChannelHandlerContext ctx, byte[] bytes) {
        ctx.writeAndFlush(frameOf(bytes));
    }

    private static ByteBuf frameOf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}
