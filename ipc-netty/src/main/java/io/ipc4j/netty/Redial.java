package io.ipc4j.netty;

import io.ipc4j.IpcException;
import io.ipc4j.IpcInterruptedException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Dials again, with growing pauses, while a listener closes the connection before its
 * verdict ({@link HandshakeAbortedException}: it is busy with other connections, or was
 * slow), until the caller's timeout. Any other failure ends it at once.
 */
final class Redial {
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    /** One attempt, given the time left. */
    @FunctionalInterface
    interface Attempt<T> {
        T dial(Duration left) throws IOException;
    }

    private Redial() {
    }

    static <T> T until(Duration timeout, String address, Attempt<T> attempt) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return attempt.dial(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (HandshakeAbortedException e) {
                if (deadline - System.nanoTime() <= TimeUnit.MILLISECONDS.toNanos(pauseMillis)) {
                    throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
                }
                // no static logger: a child that dials once and logs nothing does not start SLF4J
                LoggerFactory.getLogger(Redial.class).debug("connecting to {} again: {}", address, e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IpcInterruptedException("interrupted while connecting to " + address);
                }
                pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }
}
