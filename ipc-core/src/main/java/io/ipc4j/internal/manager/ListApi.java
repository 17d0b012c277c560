package io.ipc4j.internal.manager;

import java.util.List;

/** What a list proxy may call. */
interface ListApi extends List<Object> {
    /**
     * The first {@code max} elements, after a slot holding a reference to a {@link Cursor}
     * over the rest (null when there is no rest).
     */
    Object[] batch(int max);
}
