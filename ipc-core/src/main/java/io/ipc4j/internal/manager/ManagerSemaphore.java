package io.ipc4j.internal.manager;

import io.ipc4j.Held;
import io.ipc4j.IpcTimeoutException;
import io.ipc4j.Semaphore;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;

/** A managed {@link Semaphore}; the permits of a process that ends go back at once. */
final class ManagerSemaphore extends ManagedHandle<ManagedApis.SemaphoreApi> implements Semaphore {
    private final boolean bounded;
    private transient volatile boolean tookOver;

    ManagerSemaphore(ManagedRef ref, boolean bounded) {
        super(ref, ManagedApis.SemaphoreApi.class);
        this.bounded = bounded;
    }

    private int take(long nanos) {
        int r = Remote.sliced(nanos, (slice, last) -> {
            int x = api().acquire(slice);
            return x == ManagedApis.TIMED_OUT && !last ? null : x;
        }, "acquiring a managed semaphore");
        if (r != ManagedApis.TIMED_OUT) {
            tookOver = r == ManagedApis.TOOK_OVER;
        }
        return r;
    }

    @Override
    public Held acquire() {
        return new Permit(this, take(-1) == ManagedApis.TOOK_OVER);
    }

    @Override
    public Held acquire(Duration timeout) {
        int r = take(Timeouts.nanos(timeout));
        if (r == ManagedApis.TIMED_OUT) {
            throw new IpcTimeoutException("no permit of " + this + " within " + timeout);
        }
        return new Permit(this, r == ManagedApis.TOOK_OVER);
    }

    @Override
    public boolean tryAcquire() {
        return take(0) != ManagedApis.TIMED_OUT;
    }

    @Override
    public boolean tryAcquire(Duration timeout) {
        return take(Timeouts.nanos(timeout)) != ManagedApis.TIMED_OUT;
    }

    @Override
    public void release() {
        api().release();
    }

    @Override
    public int value() {
        return api().value();
    }

    @Override
    public boolean isBounded() {
        return bounded;
    }

    @Override
    public boolean tookOverFromDeadOwner() {
        return tookOver;
    }

    /** A permit that goes back when closed. */
    private record Permit(Semaphore semaphore, boolean tookOverFromDeadOwner) implements Held {
        @Override
        public void close() {
            semaphore.release();
        }
    }
}
