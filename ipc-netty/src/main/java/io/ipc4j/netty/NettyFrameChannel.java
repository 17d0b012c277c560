package io.ipc4j.netty;

import io.ipc4j.ConnectionEOFException;
import io.ipc4j.FrameTooLargeException;
import io.ipc4j.spi.FrameChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A {@link FrameChannel} over one authenticated Netty channel. */
final class NettyFrameChannel implements FrameChannel {
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Channel channel;
    private final int maxFrameBytes;

    NettyFrameChannel(Channel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void send(byte[] frame) {
        if (frame.length > maxFrameBytes) {
            throw new FrameTooLargeException("a message of " + frame.length + " bytes is above the limit of "
                    + maxFrameBytes + " bytes (setting ipc4j.maxFrameBytes); it was not sent");
        }
        if (!channel.isActive()) {
            throw new ConnectionEOFException("the channel to " + peer() + " is closed");
        }
        if (channel.eventLoop().inEventLoop()) {
            // Netty writes at once from the I/O thread, but queues writes from other threads as
            // tasks: a frame sent here would overtake frames other threads sent before it.
            channel.eventLoop().execute(() -> channel.writeAndFlush(Unpooled.wrappedBuffer(frame),
                    channel.voidPromise()));
        } else {
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        }
    }

    @Override
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    @Override
    public boolean awaitWritable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (channel.isActive() && !channel.isWritable()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public String peer() {
        return String.valueOf(channel.remoteAddress());
    }

    /** Flushes what was sent, then closes; waits for that unless called on the I/O thread. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        // An empty write below the length prefix completes after every frame queued before it.
        ChannelHandlerContext below = channel.pipeline().context("prefix");
        ChannelFuture flushed = below == null ? channel.newSucceededFuture()
                : below.writeAndFlush(Unpooled.EMPTY_BUFFER);
        flushed.addListener(ChannelFutureListener.CLOSE);
        if (!channel.eventLoop().inEventLoop()) {
            channel.closeFuture().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "FrameChannel[" + channel.localAddress() + " <-> " + channel.remoteAddress() + "]";
    }
}
