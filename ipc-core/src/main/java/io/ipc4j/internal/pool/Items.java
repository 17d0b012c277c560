package io.ipc4j.internal.pool;

import io.ipc4j.internal.wire.FrameReader;
import io.ipc4j.internal.wire.FrameWriter;
import io.ipc4j.internal.wire.ObjectCodec;

import java.util.List;

/**
 * The items of one chunk, kept and sent compactly: a chunk of only Integers, Longs or
 * Doubles travels as a primitive array (four or eight bytes an item, no per-item
 * serialization), anything else as one serialized Object array.
 */
abstract class Items {
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;
    private static final byte OBJECTS = 4;

    abstract int size();

    abstract Object get(int i);

    abstract void writeTo(FrameWriter w);

    /** The items of {@code values[from, to)}, in the most compact form that holds them. */
    static Items of(List<?> values, int from, int to) {
        Object first = to > from ? values.get(from) : null;
        if (first instanceof Integer) {
            int[] a = new int[to - from];
            for (int i = from; i < to; i++) {
                if (!(values.get(i) instanceof Integer)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Integer) values.get(i);
            }
            return new Ints(a, a.length);
        }
        if (first instanceof Long) {
            long[] a = new long[to - from];
            for (int i = from; i < to; i++) {
                if (!(values.get(i) instanceof Long)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Long) values.get(i);
            }
            return new Longs(a);
        }
        if (first instanceof Double) {
            double[] a = new double[to - from];
            for (int i = from; i < to; i++) {
                if (!(values.get(i) instanceof Double)) {
                    return objects(values, from, to);
                }
                a[i - from] = (Double) values.get(i);
            }
            return new Doubles(a);
        }
        return objects(values, from, to);
    }

    private static Items objects(List<?> values, int from, int to) {
        return new Objects(values.subList(from, to).toArray());
    }

    static Items of(Object[] values) {
        return of(java.util.Arrays.asList(values), 0, values.length);
    }

    static Items read(FrameReader r) {
        byte kind = r.getByte();
        int n = r.getInt();
        switch (kind) {
            case INTS:
                return new Ints(r.getInts(n), n);
            case LONGS: {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.getLong();
                }
                return new Longs(a);
            }
            case DOUBLES: {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(r.getLong());
                }
                return new Doubles(a);
            }
            default:
                return new Objects((Object[]) ObjectCodec.fromBytes(r.getBytes()));
        }
    }

    private static final class Ints extends Items {
        private final int[] a;
        private final int n;

        Ints(int[] a, int n) {
            this.a = a;
            this.n = n;
        }

        int size() {
            return n;
        }

        Object get(int i) {
            return a[i];
        }

        void writeTo(FrameWriter w) {
            w.putByte(INTS).putInt(n).putInts(a, n);
        }
    }

    /**
     * Collects results as they are made: in an int array while they are all Integers,
     * switching to objects at the first one that is not.
     */
    static final class Builder {
        private int[] ints;
        private Object[] objects;
        private int n;

        Builder(int capacity) {
            ints = new int[capacity];
        }

        void add(Object v) {
            if (objects == null) {
                if (v instanceof Integer) {
                    ints[n++] = (Integer) v;
                    return;
                }
                objects = new Object[ints.length];
                for (int i = 0; i < n; i++) {
                    objects[i] = ints[i];
                }
            }
            objects[n++] = v;
        }

        Items build() {
            return objects == null ? new Ints(ints, n) : of(objects);
        }
    }

    private static final class Longs extends Items {
        private final long[] a;

        Longs(long[] a) {
            this.a = a;
        }

        int size() {
            return a.length;
        }

        Object get(int i) {
            return a[i];
        }

        void writeTo(FrameWriter w) {
            w.putByte(LONGS).putInt(a.length);
            for (long v : a) {
                w.putLong(v);
            }
        }
    }

    private static final class Doubles extends Items {
        private final double[] a;

        Doubles(double[] a) {
            this.a = a;
        }

        int size() {
            return a.length;
        }

        Object get(int i) {
            return a[i];
        }

        void writeTo(FrameWriter w) {
            w.putByte(DOUBLES).putInt(a.length);
            for (double v : a) {
                w.putLong(Double.doubleToRawLongBits(v));
            }
        }
    }

    private static final class Objects extends Items {
        private final Object[] a;

        Objects(Object[] a) {
            this.a = a;
        }

        int size() {
            return a.length;
        }

        Object get(int i) {
            return a[i];
        }

        void writeTo(FrameWriter w) {
            w.putByte(OBJECTS).putInt(a.length).putBytes(ObjectCodec.toBytes(a));
        }
    }
}
