package io.ipc4j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one event-loop group of this JVM, made on first use, with daemon threads so that it
 * never keeps a process alive. Epoll when the native library loads (Unix domain sockets
 * need it), NIO otherwise.
 */
final class EventLoops {
    private static final int THREADS = Integer.getInteger("ipc4j.netty.threads", 2);
    private static volatile boolean made;

    private EventLoops() {
    }

    private static final class Holder {
        static final EventLoopGroup GROUP = Epoll.isAvailable()
                ? new EpollEventLoopGroup(THREADS, new DefaultThreadFactory("ipc4j-io", true))
                : new NioEventLoopGroup(THREADS, new DefaultThreadFactory("ipc4j-io", true));

        static {
            made = true;
        }
    }

    static EventLoopGroup group() {
        return Holder.GROUP;
    }

    /**
     * Ends the group's threads if it was made, running the tasks already queued (writes not
     * yet flushed) first; waits at most {@code timeout}. For a process about to exit: a
     * thread parked in epoll or a selector makes the JVM's exit a few hundred ms longer.
     */
    static void stop(Duration timeout) {
        if (made) {
            Holder.GROUP.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(timeout.toMillis());
        }
    }

    /** Whether this JVM's event loops run (it listens, say): Netty's start-up is paid already. */
    static boolean running() {
        return made;
    }

    static boolean epoll() {
        return Epoll.isAvailable();
    }
}
