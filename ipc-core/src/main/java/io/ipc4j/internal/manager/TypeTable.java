package io.ipc4j.internal.manager;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The types a manager server can make, by type id: a factory and the interface whose methods proxies may call. */
public final class TypeTable {
    private final Map<String, Type> types = new ConcurrentHashMap<>();

    /** One type: what makes it and the methods it exposes. */
    static final class Type {
        final String typeId;
        final ManagerSpec.Factory factory;
        final Class<?> api;
        private final Map<String, Method> methods = new ConcurrentHashMap<>();

        Type(String typeId, ManagerSpec.Factory factory, Class<?> api) {
            this.typeId = typeId;
            this.factory = factory;
            this.api = api;
            for (Method m : api.getMethods()) {
                if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    try {
                        m.setAccessible(true);
                    } catch (RuntimeException notOpen) {
                        // a public method of a public interface needs none
                    }
                    methods.putIfAbsent(Signatures.of(m), m);
                }
            }
        }

        /** The exposed method with this signature, or null. */
        Method method(String signature) {
            return methods.get(signature);
        }
    }

    /**
     * Registers a type.
     *
     * @param factory makes an object from the arguments of {@code create}
     * @param exposedApi the interface whose methods proxies may call
     */
    public void register(String typeId, Function<Object[], Object> factory, Class<?> exposedApi) {
        Objects.requireNonNull(factory, "factory");
        add(typeId, factory::apply, exposedApi);
    }

    void add(String typeId, ManagerSpec.Factory factory, Class<?> exposedApi) {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(exposedApi, "exposedApi");
        if (types.putIfAbsent(typeId, new Type(typeId, factory, exposedApi)) != null) {
            throw new IllegalArgumentException("type '" + typeId + "' is registered twice");
        }
    }

    /** @throws IllegalArgumentException naming the type ids known */
    Type get(String typeId) {
        Type t = types.get(typeId);
        if (t == null) {
            throw new IllegalArgumentException("this manager has no type '" + typeId + "' (registered: "
                    + new java.util.TreeSet<>(types.keySet()) + ")");
        }
        return t;
    }
}
