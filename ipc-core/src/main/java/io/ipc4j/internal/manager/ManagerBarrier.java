package io.ipc4j.internal.manager;

import io.ipc4j.Barrier;
import io.ipc4j.BarrierBrokenException;
import io.ipc4j.SerializableRunnable;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A managed {@link Barrier}. Its action travels with the handle and runs in the process of
 * the last party to arrive, which the manager tells to run it; the pass ends when it says
 * the action is done.
 */
final class ManagerBarrier extends ManagedHandle<ManagedApis.BarrierApi> implements Barrier {
    /** The barriers whose action this thread is running. */
    private static final ThreadLocal<Set<Long>> IN_ACTION = ThreadLocal.withInitial(HashSet::new);

    private final int parties;
    private final SerializableRunnable action;

    ManagerBarrier(ManagedRef ref, int parties, SerializableRunnable action) {
        super(ref, ManagedApis.BarrierApi.class);
        this.parties = parties;
        this.action = action;
    }

    @Override
    public int await() {
        return await(-1);
    }

    @Override
    public int await(Duration timeout) {
        return await(Timeouts.nanos(timeout));
    }

    private int await(long timeoutNanos) {
        if (IN_ACTION.get().contains(ref.id())) {
            throw new IllegalStateException("the action of " + this
                    + " cannot await that barrier: its pass is not over until the action returns");
        }
        long r = Remote.interruptibly(() -> api().arrive(action != null), "arriving at a managed barrier");
        if ((r & ManagedApis.BarrierApi.PASSED) != 0 && r > 0) {
            return (int) (r & ~ManagedApis.BarrierApi.PASSED);
        }
        if (r != ManagedApis.BarrierApi.RUN_ACTION) {
            return Remote.sliced(timeoutNanos, (slice, last) -> {
                int index = api().awaitPass(r, slice, last);
                return index == ManagedApis.BarrierApi.NOT_YET ? null : index;
            }, "waiting at a managed barrier");
        }
        Throwable failure = null;
        IN_ACTION.get().add(ref.id());
        try {
            action.run();
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            IN_ACTION.get().remove(ref.id());
        }
        try {
            return api().finishPass(failure == null ? null : failure.toString());
        } catch (BarrierBrokenException e) {
            if (failure == null) {
                throw e;
            }
            BarrierBrokenException broken = new BarrierBrokenException(e.getMessage());
            broken.initCause(failure);
            throw broken;
        }
    }

    @Override
    public void abort() {
        api().abort();
    }

    @Override
    public void reset() {
        api().reset();
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int waiting() {
        return api().waiting();
    }

    @Override
    public boolean isBroken() {
        return api().isBroken();
    }
}
