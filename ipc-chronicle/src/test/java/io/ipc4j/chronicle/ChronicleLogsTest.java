package io.ipc4j.chronicle;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chronicle's report of a swept cycle is not an error; every other error still is. Its
 * performance notes, one for every appender, are not logged at info.
 */
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

    @Test
    void chroniclesPerformanceNotesGoToDebug() {
        ChronicleRuntime.prepare();
        ExceptionHandler before = Jvm.perf().defaultHandler();
        List<String> notes = new ArrayList<>();
        try {
            Jvm.setPerfExceptionHandler((ExceptionHandler) (logger, message, thrown) -> notes.add(message));
            ChronicleLogs.install();
            Jvm.perf().on(SingleChronicleQueue.class, "Took 0ms to find first open cycle 1796160098");
            assertEquals(List.of(), notes, "a performance note reached the handler that logs at info");
        } finally {
            Jvm.setPerfExceptionHandler(before);
        }
    }
}
