package io.ipc4j.internal;

import io.ipc4j.IpcException;
import io.ipc4j.spi.ChannelTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a channel transport by the name configured in {@code ipc4j.channel}, and keeps the
 * transports it handed out in this JVM: ipc4j uses a transport only through one of those
 * (a transport that carries itself over another, as {@code shm} over {@code uds}, makes
 * that one and ends its threads), so they are the ones whose threads {@link #stopThreads} ends.
 */
public final class Transports {
    private static final Map<Class<?>, ChannelTransport> HANDED_OUT = new ConcurrentHashMap<>();

    private Transports() {
    }

    public static ChannelTransport find(String name) {
        List<String> names = new ArrayList<>();
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            if (t.name().equals(name)) {
                return handOut(t);
            }
            names.add(t.name());
        }
        throw new IpcException("no channel transport named '" + name + "' (setting ipc4j.channel); available: "
                + (names.isEmpty() ? "none: put ipc-netty on the class path" : names));
    }

    /**
     * The transport named {@code name}, made from {@code className} (its class in the process
     * that named it) when that class is here and has that name, else found as {@link #find(String)}
     * does. A child is told its coordinator's transport class: finding it through the service
     * files opens every jar on the class path, milliseconds of a child's start.
     */
    public static ChannelTransport find(String name, String className) {
        Throwable notMade = null;
        if (className != null) {
            try {
                Class<?> c = Class.forName(className, false, Transports.class.getClassLoader());
                if (ChannelTransport.class.isAssignableFrom(c)) {
                    ChannelTransport t = c.asSubclass(ChannelTransport.class).getConstructor().newInstance();
                    if (t.name().equals(name)) {
                        return handOut(t);
                    }
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                notMade = e;
            }
        }
        try {
            return find(name);
        } catch (IpcException e) {
            if (notMade != null) {
                e.addSuppressed(notMade);
            }
            throw e;
        }
    }

    /**
     * The same-host shared-memory channel ({@code shm}) when it is on the class path: where a
     * context on {@code uds} puts its managers' connections.
     */
    public static Optional<ChannelTransport> sameHostShm() {
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            if (t.name().equals("shm")) {
                return Optional.of(handOut(t));
            }
        }
        return Optional.empty();
    }

    /**
     * Loads and makes every channel transport on the class path once: a spare does it before
     * its target, so that its target does not load them.
     */
    public static void loadAll() {
        for (ChannelTransport t : ServiceLoader.load(ChannelTransport.class)) {
            t.name();
        }
    }

    /**
     * Ends the threads of every channel transport handed out in this JVM, each within
     * {@code timeout}: for a process about to exit. One never handed out started none (and
     * looking through the service files again cost a child's exit milliseconds).
     */
    public static void stopThreads(Duration timeout) {
        for (ChannelTransport t : HANDED_OUT.values()) {
            t.stopThreads(timeout);
        }
    }

    private static ChannelTransport handOut(ChannelTransport t) {
        return HANDED_OUT.computeIfAbsent(t.getClass(), c -> t);
    }
}
