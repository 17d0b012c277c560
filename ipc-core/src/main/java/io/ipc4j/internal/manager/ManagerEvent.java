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
        Remote.interruptibly(() -> api().waitFor(-1), "waiting for a managed event");
    }

    @Override
    public boolean waitFor(Duration timeout) {
        long nanos = Timeouts.nanos(timeout);
        return Remote.interruptibly(() -> api().waitFor(nanos), "waiting for a managed event");
    }
}
