package io.ipc4j.internal.manager;

import com.esotericsoftware.kryo.DefaultSerializer;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A proxy of a managed list. Each method is one round trip, run in the server under the
 * list's lock; {@code replaceAll}, {@code sort} and {@code removeIf} run there atomically, so
 * their functions must be serializable. Iteration reads a snapshot, {@link #BATCH} elements
 * per round trip (through a server-side {@link Cursor}, as a dict does), and writes through ({@code remove}, {@code set}, {@code add} of a list iterator) by index, one
 * round trip each. Elements are copies; {@code subList} is a view whose calls go to this proxy.
 */
@DefaultSerializer(ProxySerializer.class)
final class ListProxy<E> extends AbstractList<E> {
    private static final Class<?> API = List.class;
    private static final String SIZE = Signatures.of(API, "size");
    private static final String IS_EMPTY = Signatures.of(API, "isEmpty");
    private static final String GET = Signatures.of(API, "get", int.class);
    private static final String SET = Signatures.of(API, "set", int.class, Object.class);
    private static final String ADD = Signatures.of(API, "add", Object.class);
    private static final String ADD_AT = Signatures.of(API, "add", int.class, Object.class);
    private static final String REMOVE_AT = Signatures.of(API, "remove", int.class);
    private static final String REMOVE = Signatures.of(API, "remove", Object.class);
    private static final String INDEX_OF = Signatures.of(API, "indexOf", Object.class);
    private static final String LAST_INDEX_OF = Signatures.of(API, "lastIndexOf", Object.class);
    private static final String CONTAINS = Signatures.of(API, "contains", Object.class);
    private static final String CONTAINS_ALL = Signatures.of(API, "containsAll", Collection.class);
    private static final String ADD_ALL = Signatures.of(API, "addAll", Collection.class);
    private static final String ADD_ALL_AT = Signatures.of(API, "addAll", int.class, Collection.class);
    private static final String REMOVE_ALL = Signatures.of(API, "removeAll", Collection.class);
    private static final String RETAIN_ALL = Signatures.of(API, "retainAll", Collection.class);
    private static final String CLEAR = Signatures.of(API, "clear");
    private static final String BATCH_OF = Signatures.of(ListApi.class, "batch", int.class);
    private static final String NEXT = Signatures.of(CursorApi.class, "next", int.class);
    /** Elements per round trip of an iteration: a large list never needs one reply larger than a frame. */
    static final int BATCH = 4096;
    private static final String REPLACE_ALL = Signatures.of(API, "replaceAll", UnaryOperator.class);
    private static final String SORT = Signatures.of(API, "sort", Comparator.class);
    private static final String REMOVE_IF = Signatures.of(API, "removeIf", Predicate.class);

    final ManagedRef ref;

    ListProxy(ManagedRef ref) {
        this.ref = ref;
    }

    @SuppressWarnings("unchecked")
    private <T> T call(String signature, Object... args) {
        return (T) ref.call(signature, args);
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
    public E get(int index) {
        return call(GET, index);
    }

    @Override
    public E set(int index, E element) {
        return call(SET, index, element);
    }

    @Override
    public boolean add(E e) {
        return this.<Boolean>call(ADD, e);
    }

    @Override
    public void add(int index, E element) {
        call(ADD_AT, index, element);
    }

    @Override
    public E remove(int index) {
        return call(REMOVE_AT, index);
    }

    @Override
    public boolean remove(Object o) {
        return this.<Boolean>call(REMOVE, o);
    }

    @Override
    public int indexOf(Object o) {
        return this.<Integer>call(INDEX_OF, o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return this.<Integer>call(LAST_INDEX_OF, o);
    }

    @Override
    public boolean contains(Object o) {
        return this.<Boolean>call(CONTAINS, o);
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        return this.<Boolean>call(CONTAINS_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return this.<Boolean>call(ADD_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        return this.<Boolean>call(ADD_ALL_AT, index, new ArrayList<>(c));
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return this.<Boolean>call(REMOVE_ALL, new ArrayList<>(c));
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return this.<Boolean>call(RETAIN_ALL, new ArrayList<>(c));
    }

    @Override
    public void clear() {
        call(CLEAR);
    }

    @Override
    public Object[] toArray() {
        return snapshot().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return Arrays.asList(toArray()).toArray(a);
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        call(REPLACE_ALL, DictProxy.serializable(operator, "replaceAll"));
    }

    /** Sorts in the server; {@code null} sorts by natural order. */
    @Override
    public void sort(Comparator<? super E> c) {
        call(SORT, c == null ? null : DictProxy.serializable(c, "sort"));
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        return this.<Boolean>call(REMOVE_IF, DictProxy.serializable(filter, "removeIf"));
    }

    @SuppressWarnings("unchecked")
    private List<E> snapshot() {
        Object[] first = call(BATCH_OF, BATCH);
        ManagedRef cursor = (ManagedRef) first[0];
        List<Object> all = new ArrayList<>(Arrays.asList(first).subList(1, first.length));
        while (cursor != null) {
            Object[] more = (Object[]) cursor.call(NEXT, BATCH);
            all.addAll(Arrays.asList(more));
            if (more.length < BATCH) {
                cursor = null;
            }
        }
        return (List<E>) all;
    }

    /** Runs {@code action} here over a snapshot read in one round trip. */
    @Override
    public void forEach(Consumer<? super E> action) {
        Objects.requireNonNull(action, "action");
        snapshot().forEach(action);
    }

    @Override
    public Spliterator<E> spliterator() {
        return snapshot().spliterator();
    }

    @Override
    public Iterator<E> iterator() {
        return listIterator(0);
    }

    @Override
    public ListIterator<E> listIterator() {
        return listIterator(0);
    }

    @Override
    public ListIterator<E> listIterator(int index) {
        List<E> snapshot = new ArrayList<>(snapshot());
        if (index < 0 || index > snapshot.size()) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + snapshot.size());
        }
        return new SnapshotIterator(snapshot, index);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this || o instanceof ListProxy<?> l && l.ref.sameObject(ref)) {
            return true;
        }
        return o instanceof List && snapshot().equals(o);
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    /** Walks a snapshot; changes go to the list by index and to the snapshot alike. */
    private final class SnapshotIterator implements ListIterator<E> {
        private final List<E> snapshot;
        private int cursor;
        private int last = -1;

        SnapshotIterator(List<E> snapshot, int cursor) {
            this.snapshot = snapshot;
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            return cursor < snapshot.size();
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = cursor;
            return snapshot.get(cursor++);
        }

        @Override
        public boolean hasPrevious() {
            return cursor > 0;
        }

        @Override
        public E previous() {
            if (!hasPrevious()) {
                throw new NoSuchElementException();
            }
            last = --cursor;
            return snapshot.get(cursor);
        }

        @Override
        public int nextIndex() {
            return cursor;
        }

        @Override
        public int previousIndex() {
            return cursor - 1;
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            ListProxy.this.remove(last);
            snapshot.remove(last);
            if (last < cursor) {
                cursor--;
            }
            last = -1;
        }

        @Override
        public void set(E e) {
            if (last < 0) {
                throw new IllegalStateException();
            }
            ListProxy.this.set(last, e);
            snapshot.set(last, e);
        }

        @Override
        public void add(E e) {
            ListProxy.this.add(cursor, e);
            snapshot.add(cursor++, e);
            last = -1;
        }
    }
}
