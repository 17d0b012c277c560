package io.ipc4j.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * On a listening channel: when accepting fails (out of file descriptors, {@code EMFILE}),
 * stops accepting for a second instead of trying again at once, which would spin the event
 * loop while the connections wait in the backlog. Warns once per run of failures, not per try.
 */
final class AcceptPause extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptPause.class);
    private static final long PAUSE_MILLIS = 1000;

    /** Pauses since accepting last worked; touched only on the listener's event loop. */
    private int pauses;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object accepted) {
        if (pauses > 0) {
            LOG.info("accepting connections on {} again", ctx.channel().localAddress());
            pauses = 0;
        }
        ctx.fireChannelRead(accepted);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().config().isAutoRead()) {
            return;
        }
        if (pauses++ == 0) {
            LOG.warn("cannot accept connections on {}: {}; trying again every {} ms", ctx.channel().localAddress(),
                    cause.getMessage(), PAUSE_MILLIS);
        }
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
