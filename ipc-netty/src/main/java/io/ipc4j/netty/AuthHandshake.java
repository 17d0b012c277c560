package io.ipc4j.netty;

import io.ipc4j.AuthenticationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The HMAC challenge in both directions, as CPython's {@code multiprocessing.connection}
 * does it: the server challenges the client, then the client challenges the server.
 * Handshake frames are plain bytes; nothing is deserialized before both sides pass.
 * On success the handler removes itself and calls {@code onSuccess}; on failure it
 * answers {@code #FAILURE#}, closes the channel and calls {@code onFailure}.
 */
final class AuthHandshake extends ChannelInboundHandlerAdapter {

    private enum Step { AWAIT_CHALLENGE, AWAIT_ANSWER, AWAIT_VERDICT, DONE }

    private final byte[] key;
    private final boolean server;
    private final Consumer<ChannelHandlerContext> onSuccess;
    private final Consumer<AuthenticationException> onFailure;
    private byte[] sentChallenge;
    private Step step;

    AuthHandshake(byte[] key, boolean server, Consumer<ChannelHandlerContext> onSuccess,
                  Consumer<AuthenticationException> onFailure) {
        this.key = key;
        this.server = server;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.step = server ? Step.AWAIT_ANSWER : Step.AWAIT_CHALLENGE;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (server) {
            challenge(ctx);
        }
        ctx.fireChannelActive();
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
        ctx.pipeline().remove(this);
        onSuccess.accept(ctx);
    }

    private void fail(ChannelHandlerContext ctx, String why, boolean tellPeer) {
        step = Step.DONE;
        AuthenticationException e = new AuthenticationException(why + " (peer " + ctx.channel().remoteAddress() + ")");
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
            step = Step.DONE;
            onFailure.accept(new AuthenticationException(
                    "the connection closed during authentication"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (step != Step.DONE) {
            fail(ctx, "authentication failed: " + cause.getMessage(), false);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static void write(ChannelHandlerContext ctx, byte[] bytes) {
        ctx.writeAndFlush(frameOf(bytes));
    }

    private static ByteBuf frameOf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}
