package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The twin of CPython's {@code pipe_rtt}: a child echoes 32-byte messages on a Pipe. The
 * coordinator makes {@code warmup} round trips untimed and times the next {@code rounds} one
 * by one: the cold figure, taken while both JVMs still compile the path. It goes on with
 * round trips until {@code warmMillis} have passed since the child started, then times
 * {@code rounds} more: the figure. On the 2-core VM both cores spin in a round trip, so the
 * compilers get little CPU; a thousand round trips were enough on one VM, not on the next
 * (a median of 11-12 µs on shared memory where the compiled path takes 0.8-1 µs).
 */
public final class PipeRttWorkload {
    static final int MESSAGE_BYTES = 32;

    private PipeRttWorkload() {
    }

    /** Round-trip times of one run, in microseconds: the warm figures, and the median of the cold ones. */
    public record Result(double medianMicros, double p99Micros, double minMicros, double meanMicros,
                         double coldMedianMicros) {
    }

    /** Runs the workload in a fresh context made with {@code settings}. */
    public static Result run(Map<String, String> settings, int warmup, int rounds, long warmMillis) {
        byte[] message = new byte[MESSAGE_BYTES];
        Arrays.fill(message, (byte) 'x');
        long[] cold = new long[rounds];
        long[] samples = new long[rounds];
        try (Context mp = Context.create(settings)) {
            Pipe pipe = mp.pipe();
            Connection here = pipe.left();
            long started = System.nanoTime();
            ChildProcess child = mp.process(Targets::echo, pipe.right(), -1).name("echo").start();
            try {
                roundTrips(here, message, warmup, null);
                roundTrips(here, message, rounds, cold);
                while (System.nanoTime() - started < warmMillis * 1_000_000) {
                    roundTrips(here, message, 1000, null);
                }
                roundTrips(here, message, rounds, samples);
            } finally {
                here.close(); // the child's end of stream, also when a round trip failed
            }
            if (!child.join(Duration.ofSeconds(60))) {
                child.kill();
                throw new IllegalStateException("the echo child did not end");
            }
        }
        Arrays.sort(cold);
        Arrays.sort(samples);
        double mean = Arrays.stream(samples).average().orElse(0);
        return new Result(samples[rounds / 2] / 1e3, samples[(int) (rounds * 0.99)] / 1e3, samples[0] / 1e3,
                mean / 1e3, cold[rounds / 2] / 1e3);
    }

    /** {@code n} round trips, each timed into {@code times} when it is given. */
    private static void roundTrips(Connection here, byte[] message, int n, long[] times) {
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            here.sendBytes(message);
            here.recvBytes();
            if (times != null) {
                times[i] = System.nanoTime() - t;
            }
        }
    }
}
