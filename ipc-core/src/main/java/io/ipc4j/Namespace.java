package io.ipc4j;

import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Named attributes held by a {@link Manager} (CPython's {@code manager.Namespace()}): every
 * process with this proxy sees the same attributes. Values are copies, as in a managed dict:
 * change a value and {@link #set} it again (or store a proxy).
 */
public interface Namespace {
    /** The value of attribute {@code name}. @throws NoSuchElementException if it was never set (CPython's AttributeError) */
    Object get(String name);

    /** The value of attribute {@code name} as a {@code type}. @throws NoSuchElementException if it was never set */
    default <T> T get(String name, Class<T> type) {
        return type.cast(get(name));
    }

    /** Sets attribute {@code name}; a {@code null} value is kept as an attribute whose value is null. */
    void set(String name, Object value);

    /** Whether attribute {@code name} is set. */
    boolean has(String name);

    /** Removes attribute {@code name}. @return whether it was set */
    boolean remove(String name);

    /** The names of the attributes set now (a copy). */
    Set<String> names();
}
