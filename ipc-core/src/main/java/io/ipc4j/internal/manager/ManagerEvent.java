package io.ipc4j.internal.manager;

import io.ipc4j.Event;
import io.ipc4j.internal.Timeouts;

import java.time.Duration;

/** A managed {@link Event}: waiters block in the manager, woken by the set itself. */
final class ManagerEvent extends ManagedHandle<ManagedApis.EventApi> implements Event {

    ManagerEvent(ManagedRef ref) {
        super(ref, ManagedApis.EventApi.class);
    }

    @Override
    public void set() {
        api().set();
    }

    @Override
    public void clear() {
        api().clear();
    }

    @Override
    public boolean isSet() {
        return api().isSet();
    }

    @Override
    public void waitFor() {
        await(-1);
    }

    @Override
    public boolean waitFor(Duration timeout) {
        return await(Timeouts.nanos(timeout));
    }

    private boolean await(long nanos) {
        long[] since = {-1};
        return Remote.sliced(nanos, (slice, last) -> {
            long r = api().awaitSet(since[0], slice);
            if (r == ManagedApis.EventApi.SET) {
                return true;
            }
            since[0] = r;
            return last ? false : null;
        }, "waiting for a managed event");
    }
}
