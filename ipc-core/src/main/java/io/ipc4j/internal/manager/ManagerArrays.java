package io.ipc4j.internal.manager;

import io.ipc4j.ByteArray;
import io.ipc4j.DoubleArray;
import io.ipc4j.IntArray;
import io.ipc4j.Lock;
import io.ipc4j.LongArray;

import java.util.Objects;

/** The arrays a manager serves, as the {@code io.ipc4j} interfaces; a bulk read or write is one round trip. */
final class ManagerArrays {
    private ManagerArrays() {
    }

    /** A managed {@link IntArray}; indices are checked here, before any round trip. */
    static final class ManagerIntArray extends ManagedHandle<ManagedApis.IntArrayApi> implements IntArray {
        private final int length;
        private final Lock lock;

        ManagerIntArray(ManagedRef ref, int length, Lock lock) {
            super(ref, ManagedApis.IntArrayApi.class);
            this.length = length;
            this.lock = lock;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public int get(int index) {
            return api().get(Objects.checkIndex(index, length));
        }

        @Override
        public void set(int index, int value) {
            api().set(Objects.checkIndex(index, length), value);
        }

        @Override
        public int[] get(int from, int to) {
            Objects.checkFromToIndex(from, to, length);
            return api().slice(from, to);
        }

        @Override
        public int[] toArray() {
            return api().slice(0, length);
        }

        @Override
        public void set(int offset, int[] values) {
            Objects.checkFromIndexSize(offset, values.length, length);
            api().setAll(offset, values);
        }

        @Override
        public int getAndAdd(int index, int delta) {
            return api().getAndAdd(Objects.checkIndex(index, length), delta);
        }

        @Override
        public int addAndGet(int index, int delta) {
            return api().addAndGet(Objects.checkIndex(index, length), delta);
        }

        @Override
        public boolean compareAndSet(int index, int expected, int value) {
            return api().compareAndSet(Objects.checkIndex(index, length), expected, value);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }

    /** A managed {@link LongArray}; indices are checked here, before any round trip. */
    static final class ManagerLongArray extends ManagedHandle<ManagedApis.LongArrayApi> implements LongArray {
        private final int length;
        private final Lock lock;

        ManagerLongArray(ManagedRef ref, int length, Lock lock) {
            super(ref, ManagedApis.LongArrayApi.class);
            this.length = length;
            this.lock = lock;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public long get(int index) {
            return api().get(Objects.checkIndex(index, length));
        }

        @Override
        public void set(int index, long value) {
            api().set(Objects.checkIndex(index, length), value);
        }

        @Override
        public long[] get(int from, int to) {
            Objects.checkFromToIndex(from, to, length);
            return api().slice(from, to);
        }

        @Override
        public long[] toArray() {
            return api().slice(0, length);
        }

        @Override
        public void set(int offset, long[] values) {
            Objects.checkFromIndexSize(offset, values.length, length);
            api().setAll(offset, values);
        }

        @Override
        public long getAndAdd(int index, long delta) {
            return api().getAndAdd(Objects.checkIndex(index, length), delta);
        }

        @Override
        public long addAndGet(int index, long delta) {
            return api().addAndGet(Objects.checkIndex(index, length), delta);
        }

        @Override
        public boolean compareAndSet(int index, long expected, long value) {
            return api().compareAndSet(Objects.checkIndex(index, length), expected, value);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }

    /** A managed {@link DoubleArray}; indices are checked here, before any round trip. */
    static final class ManagerDoubleArray extends ManagedHandle<ManagedApis.DoubleArrayApi> implements DoubleArray {
        private final int length;
        private final Lock lock;

        ManagerDoubleArray(ManagedRef ref, int length, Lock lock) {
            super(ref, ManagedApis.DoubleArrayApi.class);
            this.length = length;
            this.lock = lock;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double get(int index) {
            return api().get(Objects.checkIndex(index, length));
        }

        @Override
        public void set(int index, double value) {
            api().set(Objects.checkIndex(index, length), value);
        }

        @Override
        public double[] get(int from, int to) {
            Objects.checkFromToIndex(from, to, length);
            return api().slice(from, to);
        }

        @Override
        public double[] toArray() {
            return api().slice(0, length);
        }

        @Override
        public void set(int offset, double[] values) {
            Objects.checkFromIndexSize(offset, values.length, length);
            api().setAll(offset, values);
        }


        @Override
        public Lock lock() {
            return lock;
        }
    }

    /** A managed {@link ByteArray}; indices are checked here, before any round trip. */
    static final class ManagerByteArray extends ManagedHandle<ManagedApis.ByteArrayApi> implements ByteArray {
        private final int length;
        private final Lock lock;

        ManagerByteArray(ManagedRef ref, int length, Lock lock) {
            super(ref, ManagedApis.ByteArrayApi.class);
            this.length = length;
            this.lock = lock;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public byte get(int index) {
            return api().get(Objects.checkIndex(index, length));
        }

        @Override
        public void set(int index, byte value) {
            api().set(Objects.checkIndex(index, length), value);
        }

        @Override
        public byte[] get(int from, int to) {
            Objects.checkFromToIndex(from, to, length);
            return api().slice(from, to);
        }

        @Override
        public byte[] toArray() {
            return api().slice(0, length);
        }

        @Override
        public void set(int offset, byte[] values) {
            Objects.checkFromIndexSize(offset, values.length, length);
            api().setAll(offset, values);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }
}
