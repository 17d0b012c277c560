package io.ipc4j.internal.manager;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The built-in types a server knows: one place, one line per type. */
final class BuiltinTypes {
    static final String DICT = "dict";
    static final String LIST = "list";
    static final String NAMESPACE = "namespace";
    /** The type ids no custom registration may take. */
    static final Set<String> NAMES = Set.of(DICT, LIST, NAMESPACE, Cursor.TYPE);

    private BuiltinTypes() {
    }

    @SuppressWarnings("unchecked")
    static void registerAll(TypeTable t) {
        t.register(DICT, args -> new ManagedDict(args.length == 0 ? Map.of() : (Map<Object, Object>) args[0]),
                DictApi.class);
        t.register(LIST, args -> new ManagedList(args.length == 0 ? List.of() : (Collection<Object>) args[0]),
                ListApi.class);
        t.register(NAMESPACE, args -> new NamespaceObject(), io.ipc4j.Namespace.class);
        t.register(Cursor.TYPE, args -> {
            throw new IllegalArgumentException("a cursor is made by the server only, for an iteration");
        }, CursorApi.class);
        ManagedObjects.registerTypes(t);
    }
}
