package io.ipc4j.internal.manager;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * What a {@link java.lang.reflect.Proxy} of a managed object does: every method of the
 * interface, default methods too, is one call run by the server on its object (so a default
 * method runs there, on the server's implementation, in one round trip). {@code equals},
 * {@code hashCode} and {@code toString} are answered here, by the reference.
 */
final class RefInvocationHandler implements InvocationHandler {
    final ManagedRef ref;
    final Class<?> api;

    RefInvocationHandler(ManagedRef ref, Class<?> api) {
        this.ref = ref;
        this.api = api;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return args[0] != null && java.lang.reflect.Proxy.isProxyClass(args[0].getClass())
                            && java.lang.reflect.Proxy.getInvocationHandler(args[0]) instanceof RefInvocationHandler h
                            && h.ref.sameObject(ref);
                case "hashCode":
                    return Long.hashCode(ref.id) * 31 + Long.hashCode(ref.serverId);
                default:
                    return api.getSimpleName() + "Proxy[" + ref.typeId + " #" + ref.id + " @ " + ref.address + "]";
            }
        }
        return ref.call(Signatures.of(method), method.getExceptionTypes(), args == null ? NO_ARGS : args);
    }

    private static final Object[] NO_ARGS = new Object[0];
}
