package io.ipc4j.internal.manager;

/**
 * The interfaces through which clients call the managed values, arrays, primitives and
 * queues: each method is one round trip. A timeout in nanoseconds of -1 means none; 0 means
 * do not wait. A method that waits declares {@link InterruptedException}: an interrupted
 * caller interrupts it, and it either finishes or leaves the object as it found it.
 *
 * <p>Clients wait in slices of at most {@link #SLICE_NANOS}, calling again until their own
 * timeout: a server thread blocked in a call does not read its connection, so only the end
 * of the slice lets the server see that the caller's process died, and end its session
 * (releasing its locks and permits, breaking the barrier it waited at).
 */
public final class ManagedApis {
    private ManagedApis() {
    }

    /** What an acquisition gave: the lock or permit, taken over from a dead process, or nothing in time. */
    public static final int ACQUIRED = 0;
    public static final int TOOK_OVER = 1;
    public static final int TIMED_OUT = -1;

    /** The longest one call waits in the server. */
    public static final long SLICE_NANOS = 500_000_000L;

    /** A managed {@code int}. */
    public interface IntValueApi {
        int get();

        void set(int value);

        int getAndAdd(int delta);

        int addAndGet(int delta);

        boolean compareAndSet(int expected, int value);
    }

    /** A managed {@code long}. */
    public interface LongValueApi {
        long get();

        void set(long value);

        long getAndAdd(long delta);

        long addAndGet(long delta);

        boolean compareAndSet(long expected, long value);
    }

    /** A managed {@code double}. */
    public interface DoubleValueApi {
        double get();

        void set(double value);

        double addAndGet(double delta);

        boolean compareAndSet(double expected, double value);
    }

    /** A managed {@code int[]}; bulk reads and writes are one call each. */
    public interface IntArrayApi {
        int get(int index);

        void set(int index, int value);

        int[] slice(int from, int to);

        void setAll(int offset, int[] values);

        int getAndAdd(int index, int delta);

        int addAndGet(int index, int delta);

        boolean compareAndSet(int index, int expected, int value);
    }

    /** A managed {@code long[]}. */
    public interface LongArrayApi {
        long get(int index);

        void set(int index, long value);

        long[] slice(int from, int to);

        void setAll(int offset, long[] values);

        long getAndAdd(int index, long delta);

        long addAndGet(int index, long delta);

        boolean compareAndSet(int index, long expected, long value);
    }

    /** A managed {@code double[]}. */
    public interface DoubleArrayApi {
        double get(int index);

        void set(int index, double value);

        double[] slice(int from, int to);

        void setAll(int offset, double[] values);
    }

    /** A managed {@code byte[]}. */
    public interface ByteArrayApi {
        byte get(int index);

        void set(int index, byte value);

        byte[] slice(int from, int to);

        void setAll(int offset, byte[] values);
    }

    /** A managed lock; {@link #acquire} returns {@link #ACQUIRED}, {@link #TOOK_OVER} or {@link #TIMED_OUT}. */
    public interface LockApi {
        int acquire(long timeoutNanos) throws InterruptedException;

        void release();

        boolean isLocked();
    }

    /** A managed reentrant lock, owned by the calling thread of the calling process. */
    public interface RLockApi extends LockApi {
        int holdCount();

        /** Releases every hold of the calling thread; returns how many there were. */
        int releaseFully();

        /** Takes the lock again with {@code count} holds, after {@link #releaseFully()}. */
        int reacquire(int count) throws InterruptedException;
    }

    /** A managed semaphore; {@link #acquire} returns as {@link LockApi#acquire} does. */
    public interface SemaphoreApi {
        int acquire(long timeoutNanos) throws InterruptedException;

        void release();

        int value();
    }

    /** A managed event. */
    public interface EventApi {
        void set();

        void clear();

        boolean isSet();

        /**
         * Waits for a set after generation {@code since} (-1: from now, true at once if set);
         * returns {@link #SET}, or the generation to wait from in the next slice.
         */
        long awaitSet(long since, long timeoutNanos) throws InterruptedException;

        long SET = -2;
    }

    /** The waiters of a managed condition, called with the condition's lock held except {@link #awaitSignal}. */
    public interface ConditionApi {
        /** Joins the waiters, under the lock; returns the ticket to wait with. */
        long enqueue();

        /**
         * Waits, without the lock, for a signal to {@code ticket}; false if none came in time.
         * The ticket stays waiting after a timeout unless {@code last}.
         */
        boolean awaitSignal(long ticket, long timeoutNanos, boolean last) throws InterruptedException;

        /** Signals the {@code n} longest waiting; returns how many it woke. */
        int signal(int n);
    }

    /**
     * A managed barrier. {@link #arrive} returns {@link #RUN_ACTION}, {@link #PASSED} with the
     * arrival index when this arrival ended the pass, or a ticket to {@link #awaitPass} with.
     */
    public interface BarrierApi {
        /** The last party of a barrier with an action: run it, then call {@link #finishPass}. */
        long RUN_ACTION = -1;
        long PASSED = 1L << 62;
        /** What {@link #awaitPass} returns when the slice ended first. */
        int NOT_YET = -1;

        long arrive(boolean hasAction) throws InterruptedException;

        /**
         * Waits for the pass of {@code ticket}; returns the arrival index, or {@link #NOT_YET}
         * after {@code timeoutNanos} unless {@code last}: then the timeout breaks the barrier.
         */
        int awaitPass(long ticket, long timeoutNanos, boolean last) throws InterruptedException;

        /** Ends the pass whose action the caller ran; {@code actionFailure} says why it threw, or null. */
        int finishPass(String actionFailure);

        void abort();

        void reset();

        int waiting();

        boolean isBroken();
    }

    /** A managed queue, joinable or not. */
    public interface QueueApi {
        /** Puts {@code item} if there is room within the timeout; false if not. */
        boolean offer(Object item, long timeoutNanos) throws InterruptedException;

        /** The next item, in an array of one; null if none came within the timeout. */
        Object[] poll(long timeoutNanos) throws InterruptedException;

        int qsize();

        void taskDone();

        boolean join(long timeoutNanos) throws InterruptedException;
    }
}
