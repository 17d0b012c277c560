package io.ipc4j.mmap;

import java.time.Duration;
import java.util.Objects;

/** Turns a timeout argument into nanoseconds, refusing negative ones. */
final class Timeouts {
    private Timeouts() {
    }

    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
