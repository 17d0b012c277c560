package io.ipc4j.internal.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.minlog.Log;
import io.ipc4j.SerializationException;
import org.objenesis.instantiator.sun.UnsafeFactoryInstantiator;
import org.objenesis.strategy.SingleInstantiatorStrategy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;

/**
 * Turns objects into bytes for another process and back, with Kryo: one instance per
 * thread (dropped after a failure, which can leave it in a bad state), serializable lambdas through the closure serializer, and a refusal
 * of objects that only mean something inside one process.
 *
 * <p>Kryo recurses once per level of nesting. A graph nested deeper than {@link #CALLER_DEPTH}
 * levels (a long chain of the user's own nodes) is done again on a thread with a large stack,
 * up to {@link #MAX_DEPTH} levels; deeper ones fail with a {@link SerializationException}. A stack
 * overflow must never happen inside Kryo while a JDK class it needs is still uninitialized: the
 * class would then stay unusable for the whole JVM (it happened to {@code StringBuffer}).
 */
public final class ObjectCodec {

    /** Levels serialized on the caller's own stack: a default 1 MiB stack holds about 1,500. */
    static final int CALLER_DEPTH = 300;
    /** Levels serialized at all, on a {@link LargeStack} thread (about 1 KiB of stack each). */
    static final int MAX_DEPTH = 200_000;
    private static final String MAX_DEPTH_EXCEEDED = "Max depth exceeded";

    static {
        Log.NONE();
        initializeErrorPath();
    }

    /** Initializes, while the stack is shallow, the classes Kryo uses when it reports an error. */
    private static void initializeErrorPath() {
        KryoException e = new KryoException("warm-up", new StackOverflowError());
        e.addTrace("warm-up");
        new StringBuffer(e.getMessage()).append(1).toString();
        new SerializationException("warm-up", e).getMessage();
    }

    /**
     * One closure serializer for every thread's Kryo (it keeps no state of its own). Each
     * new ClosureSerializer looks up SerializedLambda.readResolve again when an earlier
     * one could not make it accessible (java.lang.invoke not opened), and publishes it in a
     * static before it tries: a thread reading a lambda meanwhile would use it and fail.
     */
    private static final ClosureSerializer CLOSURES = new ClosureSerializer();

    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(ObjectCodec::newKryo);
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(() -> new Output(256, -1));

    private ObjectCodec() {
    }

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setMaxDepth(CALLER_DEPTH);
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        // An object with no constructor without arguments is allocated without running one, as
        // Objenesis's standard strategy does too; that one generates a serialization-constructor
        // class per type and Kryo instance (ms each in a JVM still cold: a child's first handle
        // of each kind), where Unsafe.allocateInstance generates nothing.
        kryo.setInstantiatorStrategy(new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(
                new SingleInstantiatorStrategy(UnsafeFactoryInstantiator.class)));
        kryo.register(ClosureSerializer.Closure.class, CLOSURES);
        // Kryo writes a java.lang.reflect.Proxy as its InvocationHandler once that is registered
        // (by id: a generated proxy class has no name another JVM knows): a manager proxy is a reference.
        kryo.register(java.lang.reflect.InvocationHandler.class, new io.ipc4j.internal.manager.ProxySerializer());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader != null) {
            kryo.setClassLoader(loader);
        }
        // The JDK's collection wrappers hold fields Kryo cannot rebuild; they are Serializable.
        for (String wrapper : new String[] {"UnmodifiableCollection", "UnmodifiableMap", "SynchronizedCollection",
                "SynchronizedMap", "CheckedCollection", "CheckedMap"}) {
            try {
                kryo.addDefaultSerializer(Class.forName("java.util.Collections$" + wrapper), JavaSerializer.class);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this JDK lacks java.util.Collections$" + wrapper, e);
            }
        }
        com.esotericsoftware.kryo.Serializer<Object> refuse = new ProcessLocalRefusal(null);
        for (Class<?> c : new Class<?>[] {Thread.class, ClassLoader.class, InputStream.class,
                OutputStream.class, Channel.class, Socket.class, ServerSocket.class, Process.class,
                io.ipc4j.Context.class}) {
            kryo.addDefaultSerializer(c, refuse);
        }
        // A pool's workers, threads and results live in the process that made it; as in
        // CPython, it is not pickled into another process (the pool there would be a copy of nothing).
        kryo.addDefaultSerializer(io.ipc4j.Pool.class, new ProcessLocalRefusal("a Pool cannot be sent to another "
                + "process: it works only in the process that made it (as in CPython). Make a pool in the process "
                + "that needs one, or send the work back to this one, through a queue or a pipe"));
        kryo.addDefaultSerializer(io.ipc4j.Listener.class, new ProcessLocalRefusal("a Listener cannot be sent to "
                + "another process: it listens in the process that made it. Send its address() instead"));
        kryo.addDefaultSerializer(io.ipc4j.internal.pipe.DirectConnection.class, new ProcessLocalRefusal("a "
                + "Connection from a Listener or Client cannot be sent to another process: its socket is open in "
                + "this one. Let the other process dial the Listener itself"));
        return kryo;
    }

    /**
     * Loads and exercises the codec, lambdas included, so that the first real object does not
     * pay for it: a spare child does this while it waits for its target.
     */
    public static void warmUp() {
        warmUpTargets();
        warmUpItems();
    }

    /** The rest of {@link #warmUp}: the kinds of objects a target's first items are (a list, boxes, a plain object). */
    public static void warmUpItems() {
        fromBytes(toBytes(java.util.List.of("warm", 1, 2L, 3.0, new Probe("warm"))));
    }

    /** Loads what reading a process's target takes (a lambda that captured a value) and no more. */
    public static void warmUpTargets() {
        int seed = 42;
        io.ipc4j.SerializableRunnable probe = () -> Integer.toString(seed);
        fromBytes(toBytes(probe));
    }

    /** Has no constructor without arguments: reading it takes the instantiator most of ipc4j's own objects need. */
    private static final class Probe {
        private final String text;

        Probe(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Serializes {@code obj} with its class. @throws SerializationException naming the class */
    public static byte[] toBytes(Object obj) {
        Output out = OUTPUT.get();
        out.reset();
        try {
            write(out, obj);
            return out.toBytes();
        } finally {
            if (out.getBuffer().length > 1 << 20) {
                out.setBuffer(new byte[256], -1);
            }
        }
    }

    /**
     * Appends {@code obj} with its class to {@code out}. On failure {@code out} is left as
     * it was before the call.
     *
     * @throws SerializationException naming the class
     */
    public static void write(Output out, Object obj) {
        int mark = out.position();
        try {
            KRYO.get().writeClassAndObject(out, obj);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            out.setPosition(mark);
            KRYO.remove();
            if (!tooDeep(e)) {
                throw cannotSerialize(obj, e);
            }
        }
        try {
            LargeStack.call(() -> {
                deepKryo().writeClassAndObject(out, obj);
                return null;
            });
        } catch (RuntimeException | StackOverflowError e) {
            out.setPosition(mark);
            throw cannotSerialize(obj, e);
        }
    }

    /** Reads an object written by {@link #toBytes}. @throws SerializationException when it cannot */
    public static Object fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** Reads an object from part of an array. */
    public static Object fromBytes(byte[] bytes, int offset, int length) {
        try {
            return KRYO.get().readClassAndObject(new Input(bytes, offset, length));
        } catch (RuntimeException | StackOverflowError e) {
            KRYO.remove();
            if (!tooDeep(e)) {
                throw cannotDeserialize(e);
            }
        }
        try {
            return LargeStack.call(() -> deepKryo().readClassAndObject(new Input(bytes, offset, length)));
        } catch (RuntimeException | StackOverflowError e) {
            throw cannotDeserialize(e);
        }
    }

    /**
     * Reads the next object of {@code in}, written by {@link #write}.
     *
     * @throws SerializationException when it cannot
     */
    public static Object read(Input in) {
        int mark = in.position();
        try {
            return KRYO.get().readClassAndObject(in);
        } catch (RuntimeException | StackOverflowError e) {
            KRYO.remove();
            if (!tooDeep(e)) {
                throw cannotDeserialize(e);
            }
        }
        in.setPosition(mark);
        try {
            return LargeStack.call(() -> deepKryo().readClassAndObject(in));
        } catch (RuntimeException | StackOverflowError e) {
            throw cannotDeserialize(e);
        }
    }

    /** The Kryo of a {@link LargeStack} thread, which lives for one call. */
    private static Kryo deepKryo() {
        Kryo kryo = KRYO.get();
        kryo.setMaxDepth(MAX_DEPTH);
        return kryo;
    }

    private static boolean tooDeep(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError
                    || t instanceof KryoException && String.valueOf(t.getMessage()).startsWith(MAX_DEPTH_EXCEEDED)) {
                return true;
            }
        }
        return false;
    }

    private static SerializationException cannotSerialize(Object obj, Throwable e) {
        return new SerializationException("cannot serialize an object of class "
                + (obj == null ? "null" : obj.getClass().getName()) + ": " + reason(e), e);
    }

    private static SerializationException cannotDeserialize(Throwable e) {
        return new SerializationException("cannot deserialize a received object: " + reason(e), e);
    }

    private static String reason(Throwable e) {
        return tooDeep(e) ? "its object graph is nested deeper than " + MAX_DEPTH + " levels (send a long"
                + " chain of references as a java.util collection or an array instead)" : rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        String m = e.getMessage();
        if (e instanceof KryoException || m == null) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String rm = root.getMessage();
            return root == e ? String.valueOf(m) : root.getClass().getSimpleName() + ": " + rm
                    + (m != null ? " (" + firstLine(m) + ")" : "");
        }
        return m;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Objects bound to one process (threads, streams, sockets, a Context) cannot travel. */
    private static final class ProcessLocalRefusal extends com.esotericsoftware.kryo.Serializer<Object> {
        private final String reason;

        /** @param reason what to say instead of the general refusal, or null */
        ProcessLocalRefusal(String reason) {
            this.reason = reason;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new KryoException(reason != null ? reason + " (" + object.getClass().getName() + ")"
                    : object.getClass().getName() + " belongs to one process and cannot be sent to another");
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            throw new KryoException(type.getName() + " cannot be received from another process");
        }
    }
}
