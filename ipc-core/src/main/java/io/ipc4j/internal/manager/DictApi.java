package io.ipc4j.internal.manager;

import java.util.HashMap;
import java.util.concurrent.ConcurrentMap;

/** What a dict proxy may call. */
interface DictApi extends ConcurrentMap<Object, Object> {
    /** Keys and values, interleaved: one round trip for an iteration. */
    Object[] entryArray();

    /**
     * The first {@code max} entries, keys and values interleaved, after a slot holding a
     * reference to a {@link Cursor} over the rest (null when there is no rest).
     */
    Object[] entryBatch(int max);

    /** The keys. */
    Object[] keyArray();

    /** The values. */
    Object[] valueArray();

    /** A copy, for equals, hashCode and toString. */
    HashMap<Object, Object> copy();
}
