package io.ipc4j.netty;

import io.ipc4j.FrameTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits the stream into frames, each a 4-byte length and that many bytes. The limit
 * starts small, so that a peer that has not authenticated cannot make us buffer much,
 * and is raised once the handshake succeeds. A longer frame closes the channel.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    static final int HANDSHAKE_LIMIT = 1024;

    private int limit = HANDSHAKE_LIMIT;

    void raiseLimit(int limit) {
        this.limit = limit;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length < 0 || length > limit) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException("received a frame of " + Integer.toUnsignedLong(length)
                        + " bytes, above the limit of " + limit + " bytes; closing the channel");
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(length));
        }
    }
}
