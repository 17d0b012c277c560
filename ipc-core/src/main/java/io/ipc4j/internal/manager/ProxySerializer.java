package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.reflect.Proxy;

/**
 * Writes a manager proxy (a dict, a list, or a {@link Proxy} of an interface) as its
 * {@link ManagedRef} and interface, so the reader gets a proxy of the same object. Kryo
 * writes every {@link Proxy} with the serializer of {@link java.lang.reflect.InvocationHandler},
 * which this is; a proxy that is not a manager's is refused.
 */
public final class ProxySerializer extends Serializer<Object> {
    private static final byte DICT = 0;
    private static final byte LIST = 1;
    private static final byte INTERFACE = 2;

    @Override
    public void write(Kryo kryo, Output out, Object proxy) {
        if (proxy instanceof DictProxy<?, ?> d) {
            out.writeByte(DICT);
            kryo.writeObject(out, d.ref);
        } else if (proxy instanceof ListProxy<?> l) {
            out.writeByte(LIST);
            kryo.writeObject(out, l.ref);
        } else if (Proxy.isProxyClass(proxy.getClass())
                && Proxy.getInvocationHandler(proxy) instanceof RefInvocationHandler h) {
            out.writeByte(INTERFACE);
            kryo.writeObject(out, h.ref);
            kryo.writeClass(out, h.api);
        } else {
            throw new KryoException("a " + proxy.getClass().getName() + " cannot be sent to another process: only the "
                    + "java.lang.reflect.Proxy instances of a Manager can");
        }
    }

    @Override
    public Object read(Kryo kryo, Input in, Class<?> type) {
        byte kind = in.readByte();
        ManagedRef ref = kryo.readObject(in, ManagedRef.class);
        switch (kind) {
            case DICT:
                return new DictProxy<>(ref);
            case LIST:
                return new ListProxy<>(ref);
            default:
                return ref.proxy(kryo.readClass(in).getType());
        }
    }
}
