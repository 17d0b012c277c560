package io.ipc4j.internal.manager;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The managed values as the server holds them: JDK atomics, so that each call is atomic. */
final class ServerValues {
    private ServerValues() {
    }

    /** A managed {@code int}. */
    static final class IntCell extends AtomicInteger implements ManagedApis.IntValueApi {
        IntCell(int initial) {
            super(initial);
        }
    }

    /** A managed {@code long}. */
    static final class LongCell extends AtomicLong implements ManagedApis.LongValueApi {
        LongCell(long initial) {
            super(initial);
        }
    }

    /** A managed {@code double}, kept as its bits so that it can be compared and swapped. */
    static final class DoubleCell implements ManagedApis.DoubleValueApi {
        private final AtomicLong bits;

        DoubleCell(double initial) {
            bits = new AtomicLong(Double.doubleToRawLongBits(initial));
        }

        @Override
        public double get() {
            return Double.longBitsToDouble(bits.get());
        }

        @Override
        public void set(double value) {
            bits.set(Double.doubleToRawLongBits(value));
        }

        @Override
        public double addAndGet(double delta) {
            return Double.longBitsToDouble(bits.updateAndGet(b -> Double.doubleToRawLongBits(Double.longBitsToDouble(b) + delta)));
        }

        @Override
        public boolean compareAndSet(double expected, double value) {
            return bits.compareAndSet(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
        }
    }
}
