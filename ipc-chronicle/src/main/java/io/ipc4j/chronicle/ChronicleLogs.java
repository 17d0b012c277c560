package io.ipc4j.chronicle;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.core.onoes.Slf4jExceptionHandler;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Chronicle from logging, as an error, what is normal for a queue whose taken cycles
 * are deleted ({@link CycleSweeper}): a tailer that was still in a cycle another consumer
 * finished finds its file gone and moves on to the next, and Chronicle reports that as
 * "the current cycle seems to have been deleted". Those reports go to debug; every other
 * error reaches the handler that was there before.
 */
final class ChronicleLogs {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleLogs.class);
    static final String CYCLE_DELETED = "The current cycle seems to have been deleted from under the queue";

    private ChronicleLogs() {
    }

    /**
     * Puts the filter in front of Chronicle's error handler, unless it is there already, and
     * sends Chronicle's performance notes to debug while its handler for them is its own.
     */
    static synchronized void install() {
        ExceptionHandler current = Jvm.error().defaultHandler();
        if (!(current instanceof SweptCycleFilter)) {
            Jvm.setErrorExceptionHandler(new SweptCycleFilter(current));
        }
        if (Jvm.perf().defaultHandler() == Slf4jExceptionHandler.PERF) { // an application's own handler stays
            Jvm.setPerfExceptionHandler(new PerfAtDebug());
        }
    }

    /**
     * Chronicle's performance notes ("Took 0ms to find first open cycle", "Took 8 ms to add
     * mapping for ..."), which it logs at info for every appender and mapped file: a context's
     * warm-up alone makes hundreds of appenders. At debug, under the logger of their class.
     */
    private record PerfAtDebug() implements ExceptionHandler {
        @Override
        public void on(Class<?> clazz, String message, Throwable thrown) {
            on(LoggerFactory.getLogger(clazz), message, thrown);
        }

        @Override
        public void on(Logger logger, String message, Throwable thrown) {
            if (logger.isDebugEnabled()) {
                logger.debug(message, thrown);
            }
        }

        @Override
        public boolean isEnabled(Class<?> clazz) {
            return LoggerFactory.getLogger(clazz).isDebugEnabled();
        }
    }

    private record SweptCycleFilter(ExceptionHandler next) implements ExceptionHandler {
        @Override
        public void on(Class<?> clazz, String message, Throwable thrown) {
            if (clazz == SingleChronicleQueue.class && message != null && message.startsWith(CYCLE_DELETED)) {
                LOG.debug("{}", message);
            } else {
                next.on(clazz, message, thrown);
            }
        }

        @Override
        public void on(Logger logger, String message, Throwable thrown) {
            if (message != null && message.startsWith(CYCLE_DELETED)) {
                LOG.debug("{}", message);
            } else {
                next.on(logger, message, thrown);
            }
        }

        @Override
        public boolean isEnabled(Class<?> clazz) {
            return next.isEnabled(clazz);
        }
    }
}
