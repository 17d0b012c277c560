package io.ipc4j.internal.manager;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The managed arrays as the server holds them: JDK atomic arrays, so that each element
 * call is atomic; bulk reads and writes are element by element, atomic only under the
 * array's lock, as with shared memory.
 */
final class ServerArrays {
    private ServerArrays() {
    }

    /** A managed {@code int[]}. */
    static final class IntCells extends AtomicIntegerArray implements ManagedApis.IntArrayApi {
        IntCells(int[] initial) {
            super(initial);
        }

        @Override
        public int[] slice(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            int[] out = new int[to - from];
            for (int i = 0; i < out.length; i++) {
                out[i] = get(from + i);
            }
            return out;
        }

        @Override
        public void setAll(int offset, int[] values) {
            Objects.checkFromIndexSize(offset, values.length, length());
            for (int i = 0; i < values.length; i++) {
                set(offset + i, values[i]);
            }
        }
    }

    /** A managed {@code long[]}. */
    static final class LongCells extends AtomicLongArray implements ManagedApis.LongArrayApi {
        LongCells(long[] initial) {
            super(initial);
        }

        @Override
        public long[] slice(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            long[] out = new long[to - from];
            for (int i = 0; i < out.length; i++) {
                out[i] = get(from + i);
            }
            return out;
        }

        @Override
        public void setAll(int offset, long[] values) {
            Objects.checkFromIndexSize(offset, values.length, length());
            for (int i = 0; i < values.length; i++) {
                set(offset + i, values[i]);
            }
        }
    }

    /** A managed {@code double[]}, each element kept as its bits. */
    static final class DoubleCells implements ManagedApis.DoubleArrayApi {
        private final AtomicLongArray bits;

        DoubleCells(double[] initial) {
            bits = new AtomicLongArray(initial.length);
            for (int i = 0; i < initial.length; i++) {
                bits.set(i, Double.doubleToRawLongBits(initial[i]));
            }
        }

        @Override
        public double get(int index) {
            return Double.longBitsToDouble(bits.get(index));
        }

        @Override
        public void set(int index, double value) {
            bits.set(index, Double.doubleToRawLongBits(value));
        }

        @Override
        public double[] slice(int from, int to) {
            Objects.checkFromToIndex(from, to, bits.length());
            double[] out = new double[to - from];
            for (int i = 0; i < out.length; i++) {
                out[i] = get(from + i);
            }
            return out;
        }

        @Override
        public void setAll(int offset, double[] values) {
            Objects.checkFromIndexSize(offset, values.length, bits.length());
            for (int i = 0; i < values.length; i++) {
                set(offset + i, values[i]);
            }
        }
    }

    /** A managed {@code byte[]}; no byte atomics, as with shared memory. */
    static final class ByteCells implements ManagedApis.ByteArrayApi {
        private final byte[] bytes;

        ByteCells(byte[] initial) {
            bytes = initial.clone();
        }

        @Override
        public synchronized byte get(int index) {
            return bytes[Objects.checkIndex(index, bytes.length)];
        }

        @Override
        public synchronized void set(int index, byte value) {
            bytes[Objects.checkIndex(index, bytes.length)] = value;
        }

        @Override
        public synchronized byte[] slice(int from, int to) {
            Objects.checkFromToIndex(from, to, bytes.length);
            return java.util.Arrays.copyOfRange(bytes, from, to);
        }

        @Override
        public synchronized void setAll(int offset, byte[] values) {
            Objects.checkFromIndexSize(offset, values.length, bytes.length);
            System.arraycopy(values, 0, bytes, offset, values.length);
        }
    }
}
