package io.ipc4j.chronicle;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chronicle's report of a swept cycle is not an error; every other error still is. */
@Timeout(30)
class ChronicleLogsTest {
    @Test
    void aSweptCycleIsNotReportedAsAnErrorAndOtherErrorsStillAre() {
        ChronicleRuntime.prepare();
        ExceptionHandler before = Jvm.error().defaultHandler();
        List<String> errors = new ArrayList<>();
        try {
            Jvm.setErrorExceptionHandler((ExceptionHandler) (logger, message, thrown) -> errors.add(message));
            ChronicleLogs.install();
            ChronicleLogs.install(); // a second install does not filter twice or loop
            Jvm.error().on(SingleChronicleQueue.class, ChronicleLogs.CYCLE_DELETED
                    + ", scanning to find the next remaining cycle, currentCycle=/dev/shm/q/20261130-221041Q.cq4");
            Jvm.error().on(SingleChronicleQueue.class, "something else went wrong");
            assertEquals(List.of("something else went wrong"), errors);
        } finally {
            Jvm.setErrorExceptionHandler(before);
        }
    }
}
