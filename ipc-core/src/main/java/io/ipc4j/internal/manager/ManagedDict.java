package io.ipc4j.internal.manager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A dict as the server holds it: a {@link ConcurrentHashMap} with the bulk reads its proxy batches through. */
final class ManagedDict extends ConcurrentHashMap<Object, Object> implements DictApi {
    ManagedDict(Map<Object, Object> initial) {
        super(initial);
    }

    @Override
    public Object[] entryArray() {
        java.util.ArrayList<Object> out = new java.util.ArrayList<>(size() * 2 + 8);
        forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray();
    }

    @Override
    public Object[] entryBatch(int max) {
        return Cursor.firstBatch(entryArray(), 2 * max);
    }

    @Override
    public Object[] keyArray() {
        return keySet().toArray();
    }

    @Override
    public Object[] valueArray() {
        return values().toArray();
    }

    @Override
    public HashMap<Object, Object> copy() {
        return new HashMap<>(this);
    }
}
