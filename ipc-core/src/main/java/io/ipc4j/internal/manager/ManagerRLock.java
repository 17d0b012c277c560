package io.ipc4j.internal.manager;

import io.ipc4j.RLock;

/**
 * A managed {@link RLock}: the manager knows which thread of which process holds it, so a
 * release by any other thread, here or elsewhere, throws; when the holding process ends,
 * the manager releases it.
 */
final class ManagerRLock extends ManagerLock implements RLock {

    ManagerRLock(ManagedRef ref) {
        super(ref);
    }

    @Override
    public int holdCount() {
        return api().holdCount();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return holdCount() > 0;
    }

    @Override
    boolean heldForSignal() {
        return isHeldByCurrentThread();
    }
}
