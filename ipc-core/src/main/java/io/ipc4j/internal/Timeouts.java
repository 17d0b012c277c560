package io.ipc4j.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeout argument of a public call in nanoseconds. A timeout too long to count in
 * nanoseconds (more than 292 years, say {@code Duration.ofSeconds(Long.MAX_VALUE)}) becomes
 * {@link Long#MAX_VALUE}, which every wait here treats as no limit.
 */
public final class Timeouts {
    private Timeouts() {
    }

    /** @throws IllegalArgumentException when {@code timeout} is negative */
    public static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return saturated(timeout);
    }

    /** For calls where a negative timeout means "do not wait", as CPython's {@code join(-1)}. */
    public static long nanosOrZero(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return timeout.isNegative() ? 0 : saturated(timeout);
    }

    private static long saturated(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
