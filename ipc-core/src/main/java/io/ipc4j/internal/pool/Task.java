package io.ipc4j.internal.pool;

import io.ipc4j.SerializableBiFunction;
import io.ipc4j.SerializableCallable;
import io.ipc4j.SerializableFunction;

/**
 * What a worker does with each item of a chunk: apply a function to it, apply a
 * two-argument function to a pair, or call a task that takes nothing.
 */
final class Task {
    static final byte APPLY = 0;
    static final byte PAIR = 1;
    static final byte CALL = 2;

    private Task() {
    }

    /** Runs {@code fn} over every item; the first exception ends the chunk. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Items run(byte kind, Object fn, Items items) throws Exception {
        int n = items.size();
        Items.Builder out = new Items.Builder(n);
        if (n == 0) {
            return out.build();
        }
        switch (kind) {
            case APPLY: {
                SerializableFunction f = (SerializableFunction) fn;
                out.first(f.apply(items.get(0)));
                int i = 1;
                // Numbers to numbers, the common case, in small loops of their own that the
                // JIT compiles apart, so that the boxes between the function and the array
                // need not be made; the loop below takes over at a result of another kind.
                Object[] other = new Object[1];
                boolean numbers = true;
                if (out.longs() != null) {
                    i = longsWhileLongs(f, items, out.longs(), other);
                } else if (out.ints() != null) {
                    i = intsWhileInts(f, items, out.ints(), other);
                } else if (out.doubles() != null) {
                    i = doublesWhileDoubles(f, items, out.doubles(), other);
                } else {
                    numbers = false;
                }
                if (numbers) {
                    out.added(i);
                    if (i < n) {
                        out.add(other[0]);
                        i++;
                    }
                }
                for (; i < n; i++) {
                    out.add(f.apply(items.get(i)));
                }
                break;
            }
            case PAIR: {
                SerializableBiFunction f = (SerializableBiFunction) fn;
                Object[] pair = (Object[]) items.get(0);
                out.first(f.apply(pair[0], pair[1]));
                for (int i = 1; i < n; i++) {
                    pair = (Object[]) items.get(i);
                    out.add(f.apply(pair[0], pair[1]));
                }
                break;
            }
            default: {
                SerializableCallable<?> c = (SerializableCallable<?>) fn;
                out.first(c.call());
                for (int i = 1; i < n; i++) {
                    out.add(c.call());
                }
            }
        }
        return out.build();
    }

    /**
     * Applies {@code f} to the items from the second on while it returns Longs, into
     * {@code into}; returns the index of the first other result, left in {@code other[0]},
     * or the item count.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int longsWhileLongs(SerializableFunction f, Items items, long[] into, Object[] other)
            throws Exception {
        int n = items.size();
        for (int i = 1; i < n; i++) {
            Object r = f.apply(items.get(i));
            if (!(r instanceof Long)) {
                other[0] = r;
                return i;
            }
            into[i] = (Long) r;
        }
        return n;
    }

    /** {@link #longsWhileLongs} for Integers. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int intsWhileInts(SerializableFunction f, Items items, int[] into, Object[] other)
            throws Exception {
        int n = items.size();
        for (int i = 1; i < n; i++) {
            Object r = f.apply(items.get(i));
            if (!(r instanceof Integer)) {
                other[0] = r;
                return i;
            }
            into[i] = (Integer) r;
        }
        return n;
    }

    /** {@link #longsWhileLongs} for Doubles. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int doublesWhileDoubles(SerializableFunction f, Items items, double[] into, Object[] other)
            throws Exception {
        int n = items.size();
        for (int i = 1; i < n; i++) {
            Object r = f.apply(items.get(i));
            if (!(r instanceof Double)) {
                other[0] = r;
                return i;
            }
            into[i] = (Double) r;
        }
        return n;
    }
}
