package io.ipc4j.internal.manager;

import io.ipc4j.Address;
import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.IpcException;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.Manager;
import io.ipc4j.Pipe;
import io.ipc4j.ProcessStartException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.process.ProcessRuntime;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/** Starts, serves and connects managers: what {@link Manager} and {@code Context.manager()} call. */
public final class Managers {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a manager's child may take to start serving. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Managers() {
    }

    /**
     * Starts a manager server in a daemon child and connects to it.
     *
     * @param contextId       the starting context: a manager with no key of its own uses the context's
     * @param channelSetting  the context's {@code ipc4j.manager.channel}
     * @param socketDirectory where its Unix socket goes when {@code spec} names no address
     * @param pipe            makes a pipe (the child tells its address through it)
     * @param startDaemon     starts a daemon child running a target
     */
    public static Manager start(ManagerSpec spec, String contextId, String channelSetting, Path socketDirectory,
                                Supplier<Pipe> pipe, Function<SerializableRunnable, ChildProcess> startDaemon) {
        if (spec.authKey == null) {
            // as CPython's manager takes its process's authkey: the processes of the context know it already,
            // so a proxy they receive needs no key of its own
            spec.authKey = ProcessRuntime.get().link(contextId).settings().authKey();
            spec.keyContext = contextId;
        }
        spec.context = contextId;
        String channel = channelFor(channelSetting, ProcessRuntime.get().link(contextId).transport().name());
        if (spec.address == null && "tcp".equals(channel)) {
            // on TCP (a cluster among others), as the context's pipes do: the child may run on another host
            spec.tcpOfContext = contextId;
        } else if (spec.address == null) {
            Path socket = socketDirectory.resolve("manager-" + Long.toHexString(RANDOM.nextLong()));
            spec.address = "shm".equals(channel) ? Address.shm(socket) : Address.unix(socket);
        }
        Pipe p = pipe.get();
        Connection parentEnd = p.left();
        Connection childEnd = p.right();
        ManagerSpec sent = spec;
        ChildProcess child = startDaemon.apply(() -> ManagerServer.runInChild(sent, childEnd));
        Object[] reply = awaitAddress(parentEnd, child);
        parentEnd.close();
        if (reply.length == 1) {
            child.join(Duration.ofSeconds(5));
            throw new IpcException("the manager server could not start: " + reply[0]);
        }
        Address address = Address.parse((String) reply[0]);
        ManagerClient client = ManagerClient.of((Long) reply[1], address, spec.authKey, spec.keyContext, contextId);
        return new ManagerHandle(client, child, spec.shutdownTimeout);
    }

    /**
     * The channel a context's managers listen on ({@code tcp}, {@code uds} or {@code shm}), from
     * its {@code ipc4j.manager.channel} and its own channel transport.
     *
     * @throws IllegalArgumentException naming the setting if its value is unknown or cannot be met
     */
    public static String channelFor(String setting, String contextChannel) {
        String key = io.ipc4j.Config.MANAGER_CHANNEL;
        boolean local = "uds".equals(contextChannel) || "shm".equals(contextChannel);
        return switch (setting) {
            case "auto" -> !local ? "tcp"
                    : io.ipc4j.internal.Transports.sameHostShm().isPresent() ? "shm" : "uds";
            case "uds", "shm" -> {
                if (!local) {
                    throw new IllegalArgumentException("setting " + key + "=" + setting + " needs the context's "
                            + "children on this host, but its channel is " + contextChannel
                            + " (ipc4j.channel or a cluster); use " + key + "=auto");
                }
                if ("shm".equals(setting) && io.ipc4j.internal.Transports.sameHostShm().isEmpty()) {
                    throw new IllegalArgumentException("setting " + key + "=shm needs the shm channel transport: "
                            + "put ipc-mmap on the class path");
                }
                yield setting;
            }
            default -> throw new IllegalArgumentException("setting " + key + " must be auto, uds or shm, not '"
                    + setting + "'");
        };
    }

    private static Object[] awaitAddress(Connection parentEnd, ChildProcess child) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!parentEnd.poll(Duration.ofMillis(50))) {
            if (!child.isAlive()) {
                child.join();
                throw new ProcessStartException("the manager server process " + child.pid() + " exited with code "
                        + child.exitCode().orElse(-1) + " before it served (see its stderr)");
            }
            if (System.nanoTime() > deadline) {
                child.kill();
                throw new IpcTimeoutException("the manager server process did not serve within " + START_TIMEOUT);
            }
        }
        return (Object[]) parentEnd.recv();
    }

    /** Serves {@code spec} in this JVM. */
    public static Manager.Server serve(ManagerSpec spec) {
        if (spec.authKey == null) {
            throw new IllegalStateException("a manager served in this JVM needs an auth key its clients know: "
                    + "call authKey(...) on the builder");
        }
        if (spec.address == null) {
            spec.address = Address.tcp("127.0.0.1", 0);
        }
        return ManagerServer.start(spec);
    }

    /** Connects to a manager another JVM serves. */
    public static Manager connect(Address address, byte[] key) {
        return new ManagerHandle(ManagerClient.connect(address, key.clone()), null, Duration.ZERO);
    }

    /** The client behind a manager proxy (for tests that count round trips). */
    public static ManagerClient clientOf(Object proxy) {
        Objects.requireNonNull(proxy, "proxy");
        if (proxy instanceof DictProxy<?, ?> d) {
            return d.ref.client;
        }
        if (proxy instanceof ListProxy<?> l) {
            return l.ref.client;
        }
        if (java.lang.reflect.Proxy.isProxyClass(proxy.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(proxy) instanceof RefInvocationHandler h) {
            return h.ref.client;
        }
        throw new IllegalArgumentException("not a manager proxy: " + proxy.getClass().getName());
    }
}
