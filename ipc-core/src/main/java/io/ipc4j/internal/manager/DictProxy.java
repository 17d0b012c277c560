package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;

import java.io.Serializable;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A proxy of a managed dict. Each method is one round trip, run in the server on a
 * {@link java.util.concurrent.ConcurrentHashMap}: {@code putIfAbsent}, {@code compute},
 * {@code merge}, {@code replaceAll}... are atomic there, and their functions travel to the
 * server, so they must be serializable (a lambda cast to {@code (BiFunction<K, V, V> &
 * Serializable)}); one that is not fails with {@link io.ipc4j.SerializationException} before
 * anything is sent. {@code null} keys and values are refused with {@link NullPointerException},
 * as in {@code ConcurrentHashMap}. Iteration ({@code entrySet}, {@code keySet}, {@code values},
 * streams) reads a snapshot, {@link #BATCH} entries a round trip ({@code forEach} all in one), and writes through
 * ({@code Iterator.remove}, {@code Entry.setValue}) with one round trip each; values are copies.
 */
@DefaultSerializer(ProxySerializer.class)
final class DictProxy<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
    private static final Class<?> API = DictApi.class;
    private static final String SIZE = Signatures.of(API, "size");
    private static final String IS_EMPTY = Signatures.of(API, "isEmpty");
    private static final String CONTAINS_KEY = Signatures.of(API, "containsKey", Object.class);
    private static final String CONTAINS_VALUE = Signatures.of(API, "containsValue", Object.class);
    private static final String GET = Signatures.of(API, "get", Object.class);
    private static final String GET_OR_DEFAULT = Signatures.of(API, "getOrDefault", Object.class, Object.class);
    private static final String PUT = Signatures.of(API, "put", Object.class, Object.class);
    private static final String REMOVE = Signatures.of(API, "remove", Object.class);
    private static final String REMOVE_VALUE = Signatures.of(API, "remove", Object.class, Object.class);
    private static final String PUT_ALL = Signatures.of(API, "putAll", Map.class);
    private static final String CLEAR = Signatures.of(API, "clear");
    private static final String PUT_IF_ABSENT = Signatures.of(API, "putIfAbsent", Object.class, Object.class);
    private static final String REPLACE = Signatures.of(API, "replace", Object.class, Object.class);
    private static final String REPLACE_VALUE = Signatures.of(API, "replace", Object.class, Object.class, Object.class);
    private static final String COMPUTE = Signatures.of(API, "compute", Object.class, BiFunction.class);
    private static final String COMPUTE_IF_ABSENT = Signatures.of(API, "computeIfAbsent", Object.class, Function.class);
    private static final String COMPUTE_IF_PRESENT = Signatures.of(API, "computeIfPresent", Object.class,
            BiFunction.class);
    private static final String MERGE = Signatures.of(API, "merge", Object.class, Object.class, BiFunction.class);
    private static final String REPLACE_ALL = Signatures.of(API, "replaceAll", BiFunction.class);
    private static final String ENTRIES = Signatures.of(API, "entryArray");
    private static final String ENTRY_BATCH = Signatures.of(API, "entryBatch", int.class);
    private static final String NEXT = Signatures.of(CursorApi.class, "next", int.class);
    /** Entries an iteration reads per round trip. */
    static final int BATCH = 4096;
    private static final String KEYS = Signatures.of(API, "keyArray");
    private static final String VALUES = Signatures.of(API, "valueArray");
    private static final String COPY = Signatures.of(API, "copy");

    final ManagedRef ref;

    DictProxy(ManagedRef ref) {
        this.ref = ref;
    }

    @SuppressWarnings("unchecked")
    private <T> T call(String signature, Object... args) {
        return (T) ref.call(signature, args);
    }

    static Object serializable(Object function, String method) {
        Objects.requireNonNull(function, "function");
        if (!(function instanceof Serializable)) {
            throw new io.ipc4j.SerializationException("the function given to " + method + " runs in the manager server,"
                    + " so it must be serializable: " + function.getClass().getName() + " is not (cast a lambda to "
                    + "(BiFunction<K, V, V> & Serializable), or use a class that implements Serializable)");
        }
        return function;
    }

    @Override
    public int size() {
        return this.<Integer>call(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return this.<Boolean>call(IS_EMPTY);
    }

    @Override
    public boolean containsKey(Object key) {
        return this.<Boolean>call(CONTAINS_KEY, Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean containsValue(Object value) {
        return this.<Boolean>call(CONTAINS_VALUE, Objects.requireNonNull(value, "value"));
    }

    @Override
    public V get(Object key) {
        return call(GET, Objects.requireNonNull(key, "key"));
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return call(GET_OR_DEFAULT, Objects.requireNonNull(key, "key"), defaultValue);
    }

    @Override
    public V put(K key, V value) {
        return call(PUT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public V remove(Object key) {
        return call(REMOVE, Objects.requireNonNull(key, "key"));
    }

    @Override
    public boolean remove(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        return value != null && this.<Boolean>call(REMOVE_VALUE, key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        HashMap<K, V> copy = new HashMap<>(m);
        copy.forEach((k, v) -> {
            Objects.requireNonNull(k, "a key of the map");
            Objects.requireNonNull(v, "a value of the map");
        });
        call(PUT_ALL, copy);
    }

    @Override
    public void clear() {
        call(CLEAR);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return call(PUT_IF_ABSENT, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public V replace(K key, V value) {
        return call(REPLACE, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return this.<Boolean>call(REPLACE_VALUE, Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(oldValue, "oldValue"), Objects.requireNonNull(newValue, "newValue"));
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        return call(COMPUTE, Objects.requireNonNull(key, "key"), serializable(f, "compute"));
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        return call(COMPUTE_IF_ABSENT, Objects.requireNonNull(key, "key"), serializable(f, "computeIfAbsent"));
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        return call(COMPUTE_IF_PRESENT, Objects.requireNonNull(key, "key"), serializable(f, "computeIfPresent"));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
        return call(MERGE, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"),
                serializable(f, "merge"));
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> f) {
        call(REPLACE_ALL, serializable(f, "replaceAll"));
    }

    /** Runs {@code action} here, over a snapshot read in one round trip (not atomic, as in ConcurrentHashMap). */
    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        Object[] kv = call(ENTRIES);
        for (int i = 0; i < kv.length; i += 2) {
            action.accept((K) kv[i], (V) kv[i + 1]);
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new EntrySet();
    }

    @Override
    public Set<K> keySet() {
        return new KeySet();
    }

    @Override
    public Collection<V> values() {
        return new Values();
    }

    private HashMap<K, V> copy() {
        return call(COPY);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof DictProxy<?, ?> d && d.ref.sameObject(ref)) {
            return true;
        }
        return o instanceof Map && copy().equals(o);
    }

    @Override
    public int hashCode() {
        return copy().hashCode();
    }

    @Override
    public String toString() {
        return copy().toString();
    }

    /**
     * Iterates over a snapshot read {@link #BATCH} entries per round trip; {@code remove}
     * removes from the dict.
     */
    private abstract class SnapshotIterator<T> implements Iterator<T> {
        private Object[] kv;
        private int next = 1;
        private ManagedRef cursor;
        private Object last;
        private boolean canRemove;

        SnapshotIterator() {
            kv = call(ENTRY_BATCH, BATCH);
            cursor = (ManagedRef) kv[0];
        }

        @Override
        public boolean hasNext() {
            if (next >= kv.length && cursor != null) {
                Object[] more = (Object[]) cursor.call(NEXT, 2 * BATCH);
                if (more.length < 2 * BATCH) {
                    cursor = null;
                }
                kv = more;
                next = 0;
            }
            return next < kv.length;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = kv[next];
            canRemove = true;
            T t = element(kv[next], kv[next + 1]);
            next += 2;
            return t;
        }

        abstract T element(Object key, Object value);

        @Override
        public void remove() {
            if (!canRemove) {
                throw new IllegalStateException();
            }
            canRemove = false;
            DictProxy.this.remove(last);
        }
    }

    private final class EntrySet extends AbstractSet<Entry<K, V>> {
        @Override
        public Iterator<Entry<K, V>> iterator() {
            return new SnapshotIterator<>() {
                @Override
                @SuppressWarnings("unchecked")
                Entry<K, V> element(Object key, Object value) {
                    return new WriteThroughEntry((K) key, (V) value);
                }
            };
        }

        @Override
        public Object[] toArray() {
            Object[] kv = call(ENTRIES);
            Object[] out = new Object[kv.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = new AbstractMap.SimpleImmutableEntry<>(kv[2 * i], kv[2 * i + 1]);
            }
            return out;
        }

        @Override
        public <T> T[] toArray(T[] a) {
            return java.util.Arrays.asList(toArray()).toArray(a);
        }

        @Override
        public int size() {
            return DictProxy.this.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Entry<?, ?> e) || e.getKey() == null) {
                return false;
            }
            Object v = DictProxy.this.get(e.getKey());
            return v != null && v.equals(e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof Entry<?, ?> e && DictProxy.this.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            DictProxy.this.clear();
        }
    }

    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V old = super.setValue(Objects.requireNonNull(value, "value"));
            DictProxy.this.put(getKey(), value);
            return old;
        }
    }

    private final class KeySet extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new SnapshotIterator<>() {
                @Override
                @SuppressWarnings("unchecked")
                K element(Object key, Object value) {
                    return (K) key;
                }
            };
        }

        @Override
        public Object[] toArray() {
            return call(KEYS);
        }

        @Override
        public <T> T[] toArray(T[] a) {
            return java.util.Arrays.asList(toArray()).toArray(a);
        }

        @Override
        public int size() {
            return DictProxy.this.size();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return o != null && DictProxy.this.remove(o) != null;
        }

        @Override
        public void clear() {
            DictProxy.this.clear();
        }
    }

    private final class Values extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new SnapshotIterator<>() {
                @Override
                @SuppressWarnings("unchecked")
                V element(Object key, Object value) {
                    return (V) value;
                }
            };
        }

        @Override
        public Object[] toArray() {
            return call(VALUES);
        }

        @Override
        public <T> T[] toArray(T[] a) {
            return java.util.Arrays.asList(toArray()).toArray(a);
        }

        @Override
        public int size() {
            return DictProxy.this.size();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsValue(o);
        }

        @Override
        public void clear() {
            DictProxy.this.clear();
        }
    }
}
