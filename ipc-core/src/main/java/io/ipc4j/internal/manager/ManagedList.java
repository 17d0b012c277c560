package io.ipc4j.internal.manager;

import java.util.Collection;
import java.util.Vector;

/** A list as the server holds it: synchronized, with the batched read its proxy iterates through. */
final class ManagedList extends Vector<Object> implements ListApi {
    ManagedList(Collection<Object> initial) {
        super(initial);
    }

    @Override
    public Object[] batch(int max) {
        return Cursor.firstBatch(toArray(), max);
    }
}
