package io.ipc4j;

import io.ipc4j.internal.manager.ManagerSpec;
import io.ipc4j.internal.manager.Managers;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A server process that holds objects other processes use through proxies (CPython's
 * {@code multiprocessing.Manager()}). Each call on a proxy is one round trip to the server,
 * run there in a thread of its own; proxies are serializable, so a proxy captured by a
 * target, passed to a pool task or put on a queue reaches the same object. An object lives
 * as long as a proxy to it exists in any process.
 *
 * <pre>{@code
 * try (Context mp = Context.create(); Manager m = mp.manager()) {
 *     Map<String, Integer> d = m.dict();
 *     mp.process(() -> d.put("answer", 42)).start().join();
 *     System.out.println(d);                       // {answer=42}
 * }
 * }</pre>
 *
 * <p>A value stored in a managed dict or list is a copy: changing it afterwards changes
 * nothing in the server. To share a mutable value, store a proxy ({@code d.put("inner",
 * m.dict())}): it stays a reference to the same managed object.
 *
 * <p>{@link Context#manager()} starts one in a child of the context; {@link #builder()} adds
 * custom types and a TCP address; {@link #connect} reaches a manager another JVM started.
 */
public interface Manager extends AutoCloseable {
    /** How long {@link #close()} waits for the server to stop after asking it to, by default. */
    Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

    /** The pid of the server process. */
    long pid();

    /** The server process, when this manager was started as a child of a context. */
    java.util.Optional<ChildProcess> process();

    /** Where the server listens. */
    Address address();

    /**
     * A new empty managed dict. The proxy implements {@link java.util.concurrent.ConcurrentMap}:
     * {@code putIfAbsent}, {@code compute}, {@code merge}... run atomically in the server
     * (their functions must be serializable). {@code null} keys and values are refused with
     * {@link NullPointerException}, as {@link java.util.concurrent.ConcurrentHashMap} does.
     */
    <K, V> Map<K, V> dict();

    /** A new managed dict holding a copy of {@code initial}, made in one round trip. */
    <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial);

    /** A new empty managed list ({@code null} elements allowed, as in {@link java.util.ArrayList}). */
    <E> List<E> list();

    /** A new managed list holding a copy of {@code initial}, made in one round trip. */
    <E> List<E> list(Collection<? extends E> initial);

    /** A new namespace: named attributes. */
    Namespace namespace();

    /** A managed int value. */
    IntValue intValue(int initial);

    /** A managed long value. */
    LongValue longValue(long initial);

    /** A managed double value. */
    DoubleValue doubleValue(double initial);

    /** A managed int array holding a copy of {@code initial}. */
    IntArray intArray(int[] initial);

    /** A managed long array holding a copy of {@code initial}. */
    LongArray longArray(long[] initial);

    /** A managed double array holding a copy of {@code initial}. */
    DoubleArray doubleArray(double[] initial);

    /** A managed byte array holding a copy of {@code initial}. */
    ByteArray byteArray(byte[] initial);

    /** A managed lock. */
    Lock lock();

    /** A managed reentrant lock. */
    RLock rLock();

    /** A managed semaphore. */
    Semaphore semaphore(int permits);

    /** A managed bounded semaphore. */
    Semaphore boundedSemaphore(int permits);

    /** A managed event. */
    Event event();

    /** A managed condition over a new managed reentrant lock. */
    Condition condition();

    /** A managed condition over {@code lock}, a managed lock of this manager. */
    Condition condition(Lock lock);

    /** A managed barrier. */
    Barrier barrier(int parties);

    /** A managed queue with no bound. */
    <T> Queue<T> queue();

    /** A managed queue holding at most {@code maxsize} items. */
    <T> Queue<T> queue(int maxsize);

    /** A managed joinable queue with no bound. */
    <T> JoinableQueue<T> joinableQueue();

    /** A managed joinable queue holding at most {@code maxsize} items. */
    <T> JoinableQueue<T> joinableQueue(int maxsize);

    /**
     * A new object of a type registered with {@link Builder#register}, made in the server by
     * its factory from {@code args}, through a proxy of {@code api}: each method of {@code api}
     * is one round trip. A method the server's registration does not expose fails with
     * {@link MethodNotExposedException}; an exception thrown in the server arrives as its own
     * type (unchecked, or checked and declared by the method) with a {@link RemoteTraceback} cause.
     *
     * @throws IllegalArgumentException if the server knows no type {@code typeId}
     */
    <T> T create(String typeId, Class<T> api, Object... args);

    /** How many objects the server holds now (a count for tests and leak checks). */
    int liveObjects();

    /**
     * For a manager this process started: asks the server to stop, waits up to the shutdown
     * timeout, then terminates it, then kills it (CPython's {@code shutdown_timeout}); its
     * proxies fail with {@link ManagerLostException} afterwards. For one reached with
     * {@link #connect}: closes this process's connections only; the server goes on.
     */
    @Override
    void close();

    /** Builds a manager with custom types, an address or a key of its own. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to a manager another JVM started (with {@link Builder#serveForever()} or
     * {@link Builder#start(Context)} at a TCP address), CPython's {@code BaseManager.connect()}.
     *
     * @throws AuthenticationException if the key is wrong
     * @throws ManagerLostException    if no server answers at {@code address}
     */
    static Manager connect(Address address, byte[] authKey) {
        return Managers.connect(Objects.requireNonNull(address, "address"), Objects.requireNonNull(authKey, "authKey"));
    }

    /**
     * Settings of a manager: the custom types it serves, where it listens, its auth key.
     * {@link #start(Context)} runs the server in a child of a context; {@link #serveForever()}
     * runs it in this JVM.
     */
    final class Builder {
        private final ManagerSpec spec = new ManagerSpec();

        Builder() {
        }

        /**
         * Registers a type made without arguments (CPython's {@code BaseManager.register}).
         * {@code factory} runs in the server JVM, so it travels there: a serializable lambda or
         * method reference ({@code Counter::new}); {@code api} is the interface whose methods
         * proxies may call. A factory that returns the same object each time shares that one
         * object with every caller (a {@code get_queue}-style type).
         *
         * @throws SerializationException at {@link #start}/{@link #serveForever} if the factory is not serializable
         */
        public <T> Builder register(String typeId, SerializableCallable<? extends T> factory, Class<T> api) {
            spec.register(typeId, args -> factory.call(), api);
            return this;
        }

        /** Registers a type whose factory takes the arguments given to {@link Manager#create}. */
        public <T> Builder registerWithArgs(String typeId, SerializableFunction<Object[], ? extends T> factory,
                                            Class<T> api) {
            spec.register(typeId, factory::apply, api);
            return this;
        }

        /**
         * Where the server listens: a TCP address (port 0 lets the system choose) for JVMs on
         * other hosts, or a Unix domain socket path. Default: a socket in the context's private
         * directory, or {@code tcp:127.0.0.1:0} for {@link #serveForever()}.
         */
        public Builder address(Address address) {
            spec.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The key clients must hold. Default: 32 fresh random bytes. */
        public Builder authKey(byte[] key) {
            if (Objects.requireNonNull(key, "key").length == 0) {
                throw new IllegalArgumentException("the auth key must not be empty");
            }
            spec.authKey = key.clone();
            return this;
        }

        /** How long {@link Manager#close()} waits before it terminates the server. Default {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
        public Builder shutdownTimeout(Duration timeout) {
            spec.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Starts the server in a daemon child of {@code mp} and connects to it. */
        public Manager start(Context mp) {
            return mp.startManager(spec.copy());
        }

        /**
         * Serves in this JVM until the process exits or the server is shut down by
         * {@link #serve()}'s handle (CPython's {@code get_server().serve_forever()}).
         */
        public void serveForever() {
            Managers.serve(spec.copy()).awaitShutdown();
        }

        /** Starts serving in this JVM on background threads; the returned server tells its address. */
        public Server serve() {
            return Managers.serve(spec.copy());
        }
    }

    /** A manager server running in this JVM ({@link Builder#serve()}). */
    interface Server extends AutoCloseable {
        /** Where it listens. */
        Address address();

        /** Blocks until {@link #close()} or a client's shutdown. */
        void awaitShutdown();

        /** Stops serving; the objects it held are dropped and its clients' calls fail with {@link ManagerLostException}. */
        @Override
        void close();
    }
}
