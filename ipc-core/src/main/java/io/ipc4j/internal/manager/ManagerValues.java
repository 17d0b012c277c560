package io.ipc4j.internal.manager;

import io.ipc4j.DoubleValue;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.LongValue;

/** The values a manager serves, as the {@code io.ipc4j} interfaces: one round trip a call. */
final class ManagerValues {
    private ManagerValues() {
    }

    /** A managed {@link IntValue}. */
    static final class ManagerIntValue extends ManagedHandle<ManagedApis.IntValueApi> implements IntValue {
        private final Lock lock;

        ManagerIntValue(ManagedRef ref, Lock lock) {
            super(ref, ManagedApis.IntValueApi.class);
            this.lock = lock;
        }

        @Override
        public int get() {
            return api().get();
        }

        @Override
        public void set(int value) {
            api().set(value);
        }

        @Override
        public int getAndAdd(int delta) {
            return api().getAndAdd(delta);
        }

        @Override
        public int addAndGet(int delta) {
            return api().addAndGet(delta);
        }

        @Override
        public boolean compareAndSet(int expected, int value) {
            return api().compareAndSet(expected, value);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }

    /** A managed {@link LongValue}. */
    static final class ManagerLongValue extends ManagedHandle<ManagedApis.LongValueApi> implements LongValue {
        private final Lock lock;

        ManagerLongValue(ManagedRef ref, Lock lock) {
            super(ref, ManagedApis.LongValueApi.class);
            this.lock = lock;
        }

        @Override
        public long get() {
            return api().get();
        }

        @Override
        public void set(long value) {
            api().set(value);
        }

        @Override
        public long getAndAdd(long delta) {
            return api().getAndAdd(delta);
        }

        @Override
        public long addAndGet(long delta) {
            return api().addAndGet(delta);
        }

        @Override
        public boolean compareAndSet(long expected, long value) {
            return api().compareAndSet(expected, value);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }

    /** A managed {@link DoubleValue}. */
    static final class ManagerDoubleValue extends ManagedHandle<ManagedApis.DoubleValueApi> implements DoubleValue {
        private final Lock lock;

        ManagerDoubleValue(ManagedRef ref, Lock lock) {
            super(ref, ManagedApis.DoubleValueApi.class);
            this.lock = lock;
        }

        @Override
        public double get() {
            return api().get();
        }

        @Override
        public void set(double value) {
            api().set(value);
        }

        @Override
        public double addAndGet(double delta) {
            return api().addAndGet(delta);
        }

        @Override
        public boolean compareAndSet(double expected, double value) {
            return api().compareAndSet(expected, value);
        }

        @Override
        public Lock lock() {
            return lock;
        }
    }
}
