package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a channel transport by the name configured in {@code ipc4j.channel}. */
public final class Transports {
    private Transports() {
    }

    public static ChannelTransport find(String name) {
        List<String> names = new ArrayList<>();
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            if (t.name().equals(name)) {
                return t;
            }
            names.add(t.name());
        }
        throw new IpcException("no channel transport named '" + name + "' (setting ipc4j.channel); available: "
                + (names.isEmpty() ? "none: put ipc-netty on the class path" : names));
    }

    /**
     * The same-host shared-memory channel ({@code shm}) when it is on the class path: where a
     * context on {@code uds} puts its managers' connections.
     */
    public static java.util.Optional<ChannelTransport> sameHostShm() {
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            if (t.name().equals("shm")) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Loads and makes every channel transport on the class path once, as {@link #stopThreads}
     * does: a spare does it before its target, so that its exit does not load them.
     */
    public static void loadAll() {
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            t.name();
        }
    }

    /** Ends the threads of every channel transport of this JVM, each within {@code timeout}: for a process about to exit. */
    public static void stopThreads(Duration timeout) {
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            t.stopThreads(timeout);
        }
    }
}
