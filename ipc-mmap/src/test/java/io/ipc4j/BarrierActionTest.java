package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A barrier's action that calls {@code abort()} or {@code reset()} on its own barrier, with
 * parties in child JVMs: it must not deadlock the process running it (the action runs
 * under the barrier's internal mutex), and it behaves as CyclicBarrier's does.
 */
// A deadlocked party spins in the mutex, deaf to interrupts: the timeout must not wait for it.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BarrierActionTest extends SharedSuite {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Awaits once and says how it went: "passed" or "broken". */
    private static String party(Barrier barrier) {
        try {
            barrier.await(WAIT);
            return "passed";
        } catch (BarrierBrokenException e) {
            return "broken";
        }
    }

    /** Two parties in children and one here; returns the three outcomes, sorted. */
    private List<String> onePass(Barrier barrier) {
        Queue<String> outcomes = mp.queue();
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(mp.process(() -> outcomes.put(party(barrier))).daemon(true).start());
        }
        List<String> all = new ArrayList<>();
        all.add(party(barrier));
        all.add(outcomes.get(WAIT));
        all.add(outcomes.get(WAIT));
        for (ChildProcess c : children) {
            assertTrue(c.join(WAIT));
            assertEquals(0, c.exitCode().orElseThrow());
        }
        all.sort(null);
        return all;
    }

    @Test
    void anActionThatAbortsBreaksThePassForAllAndTheBarrierStaysBroken() {
        Barrier[] self = new Barrier[1];
        self[0] = mp.barrier(3, () -> self[0].abort());
        assertEquals(List.of("broken", "broken", "broken"), onePass(self[0]));
        assertTrue(self[0].isBroken());
        assertThrows(BarrierBrokenException.class, () -> self[0].await(WAIT));
    }

    @Test
    void anActionThatResetsBreaksTheOthersLetsTheLastGoAndLeavesTheBarrierUsable() {
        IntValue passes = mp.intValue(0);
        Barrier[] self = new Barrier[1];
        self[0] = mp.barrier(3, () -> {
            if (passes.getAndAdd(1) == 0) {
                self[0].reset();
            }
        });
        assertEquals(List.of("broken", "broken", "passed"), onePass(self[0]));
        assertFalse(self[0].isBroken());
        assertEquals(List.of("passed", "passed", "passed"), onePass(self[0]));
        assertEquals(2, passes.get());
    }

    @Test
    void anActionThatAwaitsItsOwnBarrierFailsInsteadOfWaitingForItself() {
        Barrier[] self = new Barrier[1];
        self[0] = mp.barrier(1, () -> self[0].await(WAIT));
        BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> self[0].await(WAIT));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }
}
