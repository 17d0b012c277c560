package io.ipc4j.internal.manager;

import io.ipc4j.Namespace;

import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A namespace as the server holds it. */
final class NamespaceObject implements Namespace {
    private static final Object NULL = new Object();
    private final ConcurrentHashMap<String, Object> attributes = new ConcurrentHashMap<>();

    @Override
    public Object get(String name) {
        Object v = attributes.get(name);
        if (v == null) {
            throw new NoSuchElementException("this namespace has no attribute '" + name + "'");
        }
        return v == NULL ? null : v;
    }

    @Override
    public void set(String name, Object value) {
        attributes.put(name, value == null ? NULL : value);
    }

    @Override
    public boolean has(String name) {
        return attributes.containsKey(name);
    }

    @Override
    public boolean remove(String name) {
        return attributes.remove(name) != null;
    }

    @Override
    public Set<String> names() {
        return new TreeSet<>(attributes.keySet());
    }
}
