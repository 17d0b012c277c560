package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.internal.Lifetimes;

import java.lang.ref.Reference;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;

/**
 * A counted reference to one object in one manager server; serializable (by
 * {@link ManagedRefSerializer}). In a client process it holds one count of its object for
 * this process, given back once it is garbage-collected; in the server's own JVM it may also
 * stand for the server holding the object (a proxy stored in a managed dict).
 */
@DefaultSerializer(ManagedRefSerializer.class)
public final class ManagedRef {
    final long serverId;
    final String address;
    /** The context whose key the manager uses, or null (see {@link ManagerKeys}). */
    final String keyContext;
    final String typeId;
    final long id;
    /** Set in a client process: where calls go. */
    final ManagerClient client;
    /** Set in the server's JVM: the server that holds the object. */
    final ManagerServer server;

    private ManagedRef(long serverId, String address, String keyContext, String typeId, long id, ManagerClient client,
                       ManagerServer server) {
        this.serverId = serverId;
        this.address = address;
        this.keyContext = keyContext;
        this.typeId = typeId;
        this.id = id;
        this.client = client;
        this.server = server;
    }

    /** A reference holding one count for {@code client}'s process, released when this is unreachable. */
    static ManagedRef counted(ManagerClient client, String typeId, long id) {
        ManagedRef r = new ManagedRef(client.serverId, client.address.toString(), client.keyContext, typeId, id, client, null);
        Lifetimes.CLEANER.register(r, new Release(client, id));
        return r;
    }

    /** A reference the server holds (inside another managed object), released when this is unreachable. */
    static ManagedRef held(ManagerServer server, String typeId, long id) {
        ManagedRef r = new ManagedRef(server.serverId, server.address().toString(), server.keyContext, typeId, id, null,
                server);
        Lifetimes.CLEANER.register(r, () -> server.table.releaseHeld(id));
        return r;
    }

    /** A reference the server writes into a reply or an object it sends: it holds no count itself. */
    static ManagedRef transientLocal(ManagerServer server, String typeId, long id) {
        return new ManagedRef(server.serverId, server.address().toString(), server.keyContext, typeId, id, null,
                server);
    }

    /** The cleaning action: must not refer to the ref itself. */
    private record Release(ManagerClient client, long id) implements Runnable {
        @Override
        public void run() {
            client.release(id);
        }
    }

    /** The type id the object was made with ("dict", "list", a custom type...). */
    public String typeId() {
        return typeId;
    }

    /** The object's id in its server. */
    public long id() {
        return id;
    }

    /** The client this reference calls through (null in the server's own JVM for a server-held reference). */
    public ManagerClient client() {
        return client;
    }

    /**
     * A proxy implementing {@code api}: each call is one round trip (a direct call in the
     * server's own JVM). A dict gives a {@link java.util.concurrent.ConcurrentMap}, a list a
     * {@link List}, other types a {@link java.lang.reflect.Proxy} of {@code api}.
     */
    @SuppressWarnings("unchecked")
    public <T> T proxy(Class<T> api) {
        Objects.requireNonNull(api, "api");
        if (BuiltinTypes.DICT.equals(typeId) && api.isAssignableFrom(DictProxy.class)) {
            return (T) new DictProxy<>(this);
        }
        if (BuiltinTypes.LIST.equals(typeId) && api.isAssignableFrom(ListProxy.class)) {
            return (T) new ListProxy<>(this);
        }
        if (!api.isInterface()) {
            throw new IllegalArgumentException("a proxy implements an interface, not " + api.getName());
        }
        return (T) Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, new RefInvocationHandler(this, api));
    }

    /**
     * Calls method {@code signature} on the object, as a proxy does.
     *
     * @param declared the checked exceptions the calling method declares (they arrive as themselves)
     */
    public Object call(String signature, Class<?>[] declared, Object... args) throws Exception {
        try {
            if (client != null) {
                return client.call(id, signature, args, declared);
            }
            return server.invokeLocal(id, signature, args);
        } finally {
            // the object must not be released (by this reference's cleaner) while its call runs
            Reference.reachabilityFence(this);
        }
    }

    /** A call of a method that declares no checked exception. */
    Object call(String signature, Object... args) {
        try {
            return call(signature, NO_EXCEPTIONS, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Class<?>[] NO_EXCEPTIONS = new Class<?>[0];

    /** Whether both refer to the same object. */
    boolean sameObject(ManagedRef o) {
        return o.serverId == serverId && o.id == id;
    }

    @Override
    public String toString() {
        return "ManagedRef[" + typeId + " #" + id + " @ " + address + "]";
    }
}
