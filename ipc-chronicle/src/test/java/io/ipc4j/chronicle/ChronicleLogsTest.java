package io.ipc4j.chronicle;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.Slf4jExceptionHandler;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
    void chroniclesPerformanceNotesLeaveItsInfoHandlerAndAnApplicationsOwnHandlerStays() {
        ChronicleRuntime.prepare();
        ExceptionHandler before = Jvm.perf().defaultHandler();
        try {
            Jvm.setPerfExceptionHandler(Slf4jExceptionHandler.PERF); // Chronicle's own: logs them at info
            ChronicleLogs.install();
            ExceptionHandler installed = Jvm.perf().defaultHandler();
            assertNotSame(Slf4jExceptionHandler.PERF, installed, "Chronicle's performance notes still go to info");
            ChronicleLogs.install();
            assertSame(installed, Jvm.perf().defaultHandler(), "a second install replaced the handler again");

            List<String> notes = new ArrayList<>();
            Jvm.setPerfExceptionHandler((ExceptionHandler) (logger, message, thrown) -> notes.add(message));
            ChronicleLogs.install();
            Jvm.perf().on(SingleChronicleQueue.class, "Took 0ms to find first open cycle 1796160098");
            assertEquals(List.of("Took 0ms to find first open cycle 1796160098"), notes,
                    "an application's own handler of performance notes was replaced");
        } finally {
            Jvm.setPerfExceptionHandler(before);
        }
    }
}
