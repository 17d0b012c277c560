package io.ipc4j.internal.manager;

/** What an iterator may call on a {@link Cursor}. */
interface CursorApi {
    /** The next at most {@code max} slots; fewer means the end. */
    Object[] next(int max);
}
