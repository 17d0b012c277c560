package io.ipc4j;

import java.time.Duration;

/**
 * A coordinator for {@link OrphanCleanupTest}: makes a shared value, starts a child that
 * uses it, prints where its segments are, and waits to be killed.
 */
public final class SharedOrphanCoordinatorMain {
    private SharedOrphanCoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Context mp = Context.create();
        IntValue v = mp.intValue(0);
        Event up = mp.event();
        mp.process(() -> {
            v.set(1);
            up.set();
            Thread.sleep(60_000);
        }).start();
        if (!up.waitFor(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the child did not come up");
        }
        System.out.println("shm-dir " + ShmDirs.of(mp));
        System.out.flush();
        Thread.sleep(120_000);
    }
}
