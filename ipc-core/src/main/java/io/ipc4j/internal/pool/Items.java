package io.ipc4j.internal.pool;

import io.ipc4j.IpcException;
import io.ipc4j.internal.wire.ObjectCodec;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The items of one chunk, kept and sent compactly: a chunk of only Integers, Longs or
 * Doubles travels as a primitive array (four or eight bytes an item, no per-item
 * serialization), anything else as one serialized Object array.
 *
 * <p>Encoded as {@code [kind][count][payload]} into any {@link ByteBuffer}, in that buffer's
 * byte order: a pipe frame, or a worker's slot of shared memory.
 */
abstract class Items {
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;
    private static final byte OBJECTS = 4;
    private static final int HEADER_BYTES = 5;

    abstract int size();

    abstract Object get(int i);

    /** The bytes {@link #writeTo} takes. */
    abstract int encodedSize();

    /** Writes the items at {@code b}'s position and moves it past them. */
    abstract void writeTo(ByteBuffer b);

    /** Writes the items into {@code b} if they fit in what remains of it; false (and nothing written) if not. */
    boolean writeToIfFits(ByteBuffer b) {
        if (encodedSize() > b.remaining()) {
            return false;
        }
        writeTo(b);
        return true;
    }

    /**
     * Makes the items ready to send to another process: objects are serialized here, in
     * the caller's thread, so that what cannot be serialized fails the call that sent it.
     */
    void prepareToSend() {
    }

    /** The items of {@code values[from, to)}, in the most compact form that holds them. */
    static Items of(List<?> values, int from, int to) {
        Object first = to > from ? values.get(from) : null;
        if (first instanceof Integer) {
            int[] a = new int[to - from];
            for (int i = from; i < to; i++) {
                Object v = values.get(i);
                if (!(v instanceof Integer)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Integer) v;
            }
            return new Ints(a, 0, a.length);
        }
        if (first instanceof Long) {
            long[] a = new long[to - from];
            for (int i = from; i < to; i++) {
                Object v = values.get(i);
                if (!(v instanceof Long)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Long) v;
            }
            return new Longs(a, 0, a.length);
        }
        if (first instanceof Double) {
            double[] a = new double[to - from];
            for (int i = from; i < to; i++) {
                Object v = values.get(i);
                if (!(v instanceof Double)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Double) v;
            }
            return new Doubles(a, 0, a.length);
        }
        return objects(values, from, to);
    }

    /**
     * The items of {@code values[from, to)} as they are in the list, read again only when
     * they are run or sent; see {@link ListSlice}.
     */
    static Items slice(List<?> values, int from, int to) {
        return new ListSlice(values, from, to);
    }

    private static Items objects(List<?> values, int from, int to) {
        return new Objects(values.subList(from, to).toArray(), null);
    }

    /** Reads items written by {@link #writeTo}, moving {@code b}'s position past them. */
    static Items read(ByteBuffer b) {
        return read(b, null, 0);
    }

    /**
     * Reads items written by {@link #writeTo}; primitive items go into the array
     * {@code into} gives for their kind, at {@code at}, when it gives one.
     */
    static Items read(ByteBuffer b, ResultArrays into, int at) {
        byte kind = b.get();
        int n = b.getInt();
        if (n < 0) {
            throw new IpcException("malformed chunk: " + n + " items");
        }
        switch (kind) {
            case INTS: {
                int[] a = into == null ? null : into.ints(at + n);
                int from = a == null ? 0 : at;
                a = a == null ? new int[n] : a;
                b.asIntBuffer().get(a, from, n);
                b.position(b.position() + n * 4);
                return new Ints(a, from, n);
            }
            case LONGS: {
                long[] a = into == null ? null : into.longs(at + n);
                int from = a == null ? 0 : at;
                a = a == null ? new long[n] : a;
                b.asLongBuffer().get(a, from, n);
                b.position(b.position() + n * 8);
                return new Longs(a, from, n);
            }
            case DOUBLES: {
                double[] a = into == null ? null : into.doubles(at + n);
                int from = a == null ? 0 : at;
                a = a == null ? new double[n] : a;
                b.asDoubleBuffer().get(a, from, n);
                b.position(b.position() + n * 8);
                return new Doubles(a, from, n);
            }
            case OBJECTS: {
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                Object[] a = (Object[]) ObjectCodec.fromBytes(bytes);
                if (a.length != n) {
                    throw new IpcException("malformed chunk: " + a.length + " objects, expected " + n);
                }
                return new Objects(a, bytes);
            }
            default:
                throw new IpcException("malformed chunk: kind " + kind);
        }
    }

    /**
     * Where the primitive results of a whole job go, so that they make one array (which
     * the garbage collector does not copy about) rather than one per chunk. Each method
     * gives the array of its kind, at least {@code length} long, or null to use one of the
     * chunk's own.
     */
    interface ResultArrays {
        int[] ints(int length);

        long[] longs(int length);

        double[] doubles(int length);
    }

    /**
     * Items left in the caller's list until they are needed. Sent to a worker, they go
     * straight from the list into the worker's slot as primitives when they all are
     * Integers, Longs or Doubles (as the first one is), so the caller's thread does not
     * copy them first; otherwise they are copied and serialized then.
     */
    private static final class ListSlice extends Items {
        private final List<?> values;
        private final int from;
        private final int to;
        private Items copied;

        ListSlice(List<?> values, int from, int to) {
            this.values = values;
            this.from = from;
            this.to = to;
        }

        int size() {
            return to - from;
        }

        Object get(int i) {
            return values.get(from + i);
        }

        int encodedSize() {
            return copied().encodedSize();
        }

        void writeTo(ByteBuffer b) {
            copied().writeTo(b);
        }

        @Override
        boolean writeToIfFits(ByteBuffer b) {
            if (copied != null || from == to) {
                return copied().writeToIfFits(b);
            }
            Object first = values.get(from);
            byte kind = first instanceof Integer ? INTS : first instanceof Long ? LONGS : first instanceof Double
                    ? DOUBLES : OBJECTS;
            int width = kind == INTS ? 4 : 8;
            if (kind == OBJECTS || b.remaining() < HEADER_BYTES + (long) size() * width) {
                return copied().writeToIfFits(b);
            }
            int start = b.position();
            b.put(kind).putInt(size());
            int at = b.position();
            for (int i = from; i < to && at >= 0; i += RUN) {
                at = putRun(values, i, Math.min(to, i + RUN), kind, b, at);
            }
            if (at < 0) { // items of mixed kinds
                b.position(start);
                return copied().writeToIfFits(b);
            }
            b.position(at);
            return true;
        }

        /**
         * Items written by one call of {@link #putRun}. A pool's first map runs this code
         * before the JIT has compiled it: a method called once a run is compiled after a
         * hundred calls, where one loop over a whole chunk would run its first 60,000 items
         * in the interpreter before it is compiled on the fly.
         */
        private static final int RUN = 64;

        /**
         * Writes {@code values[from, to)} from {@code at} as primitives of {@code kind}.
         *
         * @return where the next item goes, or -1 at an item of another kind
         */
        private static int putRun(List<?> values, int from, int to, byte kind, ByteBuffer b, int at) {
            int width = kind == INTS ? 4 : 8;
            for (int i = from; i < to; i++, at += width) {
                Object v = values.get(i);
                if (kind == INTS && v instanceof Integer) {
                    b.putInt(at, (Integer) v);
                } else if (kind == LONGS && v instanceof Long) {
                    b.putLong(at, (Long) v);
                } else if (kind == DOUBLES && v instanceof Double) {
                    b.putDouble(at, (Double) v);
                } else {
                    return -1;
                }
            }
            return at;
        }

        @Override
        void prepareToSend() {
            copied().prepareToSend();
        }

        private Items copied() {
            if (copied == null) {
                copied = of(values, from, to);
                copied.prepareToSend();
            }
            return copied;
        }
    }

    private static final class Ints extends Items {
        private final int[] a;
        private final int from;
        private final int n;

        Ints(int[] a, int from, int n) {
            this.a = a;
            this.from = from;
            this.n = n;
        }

        int size() {
            return n;
        }

        Object get(int i) {
            return a[from + i];
        }

        int encodedSize() {
            return HEADER_BYTES + n * 4;
        }

        void writeTo(ByteBuffer b) {
            b.put(INTS).putInt(n);
            b.asIntBuffer().put(a, from, n);
            b.position(b.position() + n * 4);
        }
    }

    private static final class Longs extends Items {
        private final long[] a;
        private final int from;
        private final int n;

        Longs(long[] a, int from, int n) {
            this.a = a;
            this.from = from;
            this.n = n;
        }

        int size() {
            return n;
        }

        Object get(int i) {
            return a[from + i];
        }

        int encodedSize() {
            return HEADER_BYTES + n * 8;
        }

        void writeTo(ByteBuffer b) {
            b.put(LONGS).putInt(n);
            b.asLongBuffer().put(a, from, n);
            b.position(b.position() + n * 8);
        }
    }

    private static final class Doubles extends Items {
        private final double[] a;
        private final int from;
        private final int n;

        Doubles(double[] a, int from, int n) {
            this.a = a;
            this.from = from;
            this.n = n;
        }

        int size() {
            return n;
        }

        Object get(int i) {
            return a[from + i];
        }

        int encodedSize() {
            return HEADER_BYTES + n * 8;
        }

        void writeTo(ByteBuffer b) {
            b.put(DOUBLES).putInt(n);
            b.asDoubleBuffer().put(a, from, n);
            b.position(b.position() + n * 8);
        }
    }

    private static final class Objects extends Items {
        private final Object[] a;
        private byte[] serialized;

        Objects(Object[] a, byte[] serialized) {
            this.a = a;
            this.serialized = serialized;
        }

        int size() {
            return a.length;
        }

        Object get(int i) {
            return a[i];
        }

        @Override
        void prepareToSend() {
            if (serialized == null) {
                serialized = ObjectCodec.toBytes(a);
            }
        }

        int encodedSize() {
            prepareToSend();
            return HEADER_BYTES + 4 + serialized.length;
        }

        void writeTo(ByteBuffer b) {
            prepareToSend();
            b.put(OBJECTS).putInt(a.length).putInt(serialized.length).put(serialized);
        }
    }

    /**
     * Collects results as they are made: in a primitive array while they are all Integers,
     * all Longs or all Doubles (by the first result), switching to objects at the first
     * one that does not fit.
     */
    static final class Builder {
        private final int capacity;
        private int[] ints;
        private long[] longs;
        private double[] doubles;
        private Object[] objects;
        private int n;

        Builder(int capacity) {
            this.capacity = capacity;
        }

        /**
         * The first result, which picks the kind. Kept apart from {@link #add}, so that in
         * a chunk of results of one kind the JIT sees {@code add}'s slow branch never taken,
         * and the boxes a function returns need not be allocated at all.
         */
        void first(Object v) {
            addOther(v);
        }

        /** The array longs are collected in, while every result so far is a Long; else null. */
        long[] longs() {
            return longs;
        }

        /** The array ints are collected in, while every result so far is an Integer; else null. */
        int[] ints() {
            return ints;
        }

        /** The array doubles are collected in, while every result so far is a Double; else null. */
        double[] doubles() {
            return doubles;
        }

        /** Says that the first {@code count} results were put straight into {@link #longs}, {@link #ints} or {@link #doubles}. */
        void added(int count) {
            n = count;
        }

        void add(Object v) {
            if (longs != null && v instanceof Long) {
                longs[n++] = (Long) v;
            } else if (ints != null && v instanceof Integer) {
                ints[n++] = (Integer) v;
            } else if (doubles != null && v instanceof Double) {
                doubles[n++] = (Double) v;
            } else {
                addOther(v);
            }
        }

        /** The first result, or one that does not fit the kind picked. */
        private void addOther(Object v) {
            if (n == 0 && objects == null && ints == null && longs == null && doubles == null) {
                if (v instanceof Integer) {
                    ints = new int[capacity];
                } else if (v instanceof Long) {
                    longs = new long[capacity];
                } else if (v instanceof Double) {
                    doubles = new double[capacity];
                } else {
                    objects = new Object[capacity];
                }
                if (objects == null) {
                    add(v);
                    return;
                }
            }
            if (objects == null) {
                objects = new Object[capacity];
                for (int i = 0; i < n; i++) {
                    objects[i] = ints != null ? (Object) ints[i] : longs != null ? (Object) longs[i] : doubles[i];
                }
                ints = null;
                longs = null;
                doubles = null;
            }
            objects[n++] = v;
        }

        Items build() {
            if (ints != null) {
                return new Ints(ints, 0, n);
            }
            if (longs != null) {
                return new Longs(longs, 0, n);
            }
            if (doubles != null) {
                return new Doubles(doubles, 0, n);
            }
            return new Objects(objects == null ? new Object[0] : n == objects.length ? objects
                    : java.util.Arrays.copyOf(objects, n), null);
        }
    }
}
