package io.ipc4j.mmap;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.ipc4j.DoubleValue;
import io.ipc4j.Lock;

/** A {@link DoubleValue}, kept as its bits in a long word so that it can be compared and swapped. */
@DefaultSerializer(HandleSerializer.class)
final class MmapDoubleValue extends MappedHandle implements DoubleValue {
    private final Lock lock;

    MmapDoubleValue(String path, int block, Lock lock) {
        super(path, block + MmapValues.DATA);
        this.lock = lock;
    }

    @Override
    public double get() {
        return Double.longBitsToDouble((long) Mem.LONG.getAcquire(buf(), offset));
    }

    @Override
    public void set(double value) {
        Mem.LONG.setRelease(buf(), offset, Double.doubleToRawLongBits(value));
    }

    @Override
    public double addAndGet(double delta) {
        while (true) {
            long bits = (long) Mem.LONG.getAcquire(buf(), offset);
            double next = Double.longBitsToDouble(bits) + delta;
            if (Mem.LONG.compareAndSet(buf(), offset, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    @Override
    public boolean compareAndSet(double expected, double value) {
        return Mem.LONG.compareAndSet(buf(), offset, Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(value));
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public String toString() {
        return "DoubleValue[" + get() + "]";
    }
}
