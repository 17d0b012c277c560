package io.ipc4j.internal.manager;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/** The name a method is called by across the wire: {@code name(param,types)}, resolving overloads. */
final class Signatures {
    private static final ConcurrentHashMap<Method, String> CACHE = new ConcurrentHashMap<>();

    private Signatures() {
    }

    static String of(Method m) {
        String s = CACHE.get(m);
        if (s == null) {
            StringBuilder b = new StringBuilder(m.getName()).append('(');
            Class<?>[] p = m.getParameterTypes();
            for (int i = 0; i < p.length; i++) {
                b.append(i == 0 ? "" : ",").append(p[i].getName());
            }
            s = b.append(')').toString();
            CACHE.put(m, s);
        }
        return s;
    }

    /** The signature of {@code api}'s method, checked to exist. */
    static String of(Class<?> api, String name, Class<?>... params) {
        try {
            return of(api.getMethod(name, params));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
