package io.ipc4j.internal.manager;

import io.ipc4j.Address;
import io.ipc4j.Manager;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a manager server is made of: its custom types, address, key and shutdown timeout. It travels to the server's JVM. */
public final class ManagerSpec {
    /** A factory of a registered type; it runs in the server. */
    @FunctionalInterface
    public interface Factory extends Serializable {
        Object make(Object[] args) throws Exception;
    }

    /** One registered custom type. */
    record Registration(String typeId, Factory factory, Class<?> api) {
    }

    final List<Registration> types = new ArrayList<>();
    public Address address;
    public byte[] authKey;
    /** The context whose key {@link #authKey} is (its processes know it), or null for a key of the manager's own. */
    public String keyContext;
    /** The context whose channel settings the manager's connections take (see {@code ManagerChannels}), or null for the JVM's. */
    public String context;
    public Duration shutdownTimeout = Manager.DEFAULT_SHUTDOWN_TIMEOUT;
    /**
     * With no {@link #address}: the context on whose TCP bind host the server listens, on a port
     * of its choosing (the child's host: a node's address when it runs on a node).
     */
    public String tcpOfContext;

    public void register(String typeId, Factory factory, Class<?> api) {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(api, "api");
        if (!api.isInterface()) {
            throw new IllegalArgumentException("the api of type '" + typeId + "' must be an interface, not " + api.getName());
        }
        if (BuiltinTypes.NAMES.contains(typeId) || types.stream().anyMatch(r -> r.typeId().equals(typeId))) {
            throw new IllegalArgumentException("type '" + typeId + "' is registered already");
        }
        types.add(new Registration(typeId, factory, api));
    }

    public ManagerSpec copy() {
        ManagerSpec c = new ManagerSpec();
        c.types.addAll(types);
        c.address = address;
        c.authKey = authKey == null ? null : authKey.clone();
        c.keyContext = keyContext;
        c.context = context;
        c.shutdownTimeout = shutdownTimeout;
        c.tcpOfContext = tcpOfContext;
        return c;
    }
}
