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
            case LONGS:
                return new Longs(r.getLongs(n));
            case DOUBLES: {
                long[] bits = r.getLongs(n);
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(bits[i]);
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

        void add(Object v) {
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
            }
            if (ints != null && v instanceof Integer) {
                ints[n++] = (Integer) v;
            } else if (longs != null && v instanceof Long) {
                longs[n++] = (Long) v;
            } else if (doubles != null && v instanceof Double) {
                doubles[n++] = (Double) v;
            } else {
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
        }

        Items build() {
            if (ints != null) {
                return new Ints(ints, n);
            }
            if (longs != null) {
                return new Longs(n == longs.length ? longs : java.util.Arrays.copyOf(longs, n));
            }
            if (doubles != null) {
                return new Doubles(n == doubles.length ? doubles : java.util.Arrays.copyOf(doubles, n));
            }
            return new Objects(objects == null ? new Object[0] : n == objects.length ? objects
                    : java.util.Arrays.copyOf(objects, n));
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
            w.putByte(LONGS).putInt(a.length).putLongs(a);
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
