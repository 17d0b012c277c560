package io.ipc4j.internal.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.minlog.Log;
import io.ipc4j.SerializationException;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;

/**
 * Turns objects into bytes for another process and back, with Kryo: one instance per
 * thread (dropped after a failure, which can leave it in a bad state), serializable lambdas through the closure serializer, and a refusal
 * of objects that only mean something inside one process.
 */
public final class ObjectCodec {

    static {
        Log.NONE();
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
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(
                new StdInstantiatorStrategy()));
        kryo.register(ClosureSerializer.Closure.class, CLOSURES);
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
        return kryo;
    }

    /**
     * Loads and exercises the codec, lambdas included, so that the first real object does not
     * pay for it: a spare child does this while it waits for its target.
     */
    public static void warmUp() {
        int seed = 42;
        io.ipc4j.SerializableRunnable probe = () -> Integer.toString(seed);
        fromBytes(toBytes(java.util.List.of(probe, "warm", 1, 2L, 3.0)));
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
        } catch (RuntimeException | StackOverflowError e) {
            out.setPosition(mark);
            KRYO.remove();
            throw new SerializationException("cannot serialize an object of class "
                    + (obj == null ? "null" : obj.getClass().getName()) + ": " + rootMessage(e), e);
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
        } catch (RuntimeException e) {
            KRYO.remove();
            throw new SerializationException("cannot deserialize a received object: " + rootMessage(e), e);
        }
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
