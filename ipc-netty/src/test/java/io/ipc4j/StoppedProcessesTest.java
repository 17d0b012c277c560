package io.ipc4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StoppedProcesses#stop} returns only once every thread of the process is stopped:
 * tests that stop a manager with {@code SIGSTOP} rely on it that no call is served after.
 */
@Timeout(120)
class StoppedProcessesTest {

    @Test
    void everyThreadOfAChildJvmIsStoppedWhenStopReturns() throws Exception {
        try (Context mp = Context.create()) {
            ChildProcess child = mp.process(() -> Thread.sleep(120_000)).start();
            long pid = child.pid();
            try {
                for (int i = 0; i < 60; i++) {
                    StoppedProcesses.stop(pid);
                    String states = StoppedProcesses.threadStates(pid);
                    StoppedProcesses.resume(pid);
                    assertTrue(StoppedProcesses.allStopped(states), "round " + i + ": threads in states " + states);
                }
            } finally {
                StoppedProcesses.resume(pid);
                child.kill();
                assertTrue(child.join(Duration.ofSeconds(30)));
            }
        }
    }
}
