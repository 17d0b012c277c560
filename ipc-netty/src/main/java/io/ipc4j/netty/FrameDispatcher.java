package io.ipc4j.netty;

import io.ipc4j.spi.FrameChannel;
import io.ipc4j.spi.FrameHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Hands each frame of an authenticated channel to its {@link FrameHandler}, and its end. */
final class FrameDispatcher extends ChannelInboundHandlerAdapter {
    private final FrameChannel channel;
    private final FrameHandler handler;
    private Throwable cause;
    private boolean closed;

    FrameDispatcher(FrameChannel channel, FrameHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        byte[] frame;
        try {
            frame = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        handler.onFrame(channel, frame);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (cause == null) {
            cause = t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            closed = true;
            handler.onClose(channel, cause);
        }
        ctx.fireChannelInactive();
    }
}
