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
                Object r = f.apply(items.get(0));
                out.first(r);
                int i = 1;
                // The common case, numbers to numbers, in a loop of its own that keeps its
                // state in locals; the loop below takes over at a result of another kind.
                long[] longs = out.longs();
                if (longs != null) {
                    for (; i < n; i++) {
                        r = f.apply(items.get(i));
                        if (!(r instanceof Long)) {
                            break;
                        }
                        longs[i] = (Long) r;
                    }
                    out.added(i);
                    if (i < n) {
                        out.add(r);
                        i++;
                    }
                }
                int[] ints = out.ints();
                if (ints != null) {
                    for (; i < n; i++) {
                        r = f.apply(items.get(i));
                        if (!(r instanceof Integer)) {
                            break;
                        }
                        ints[i] = (Integer) r;
                    }
                    out.added(i);
                    if (i < n) {
                        out.add(r);
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
}
