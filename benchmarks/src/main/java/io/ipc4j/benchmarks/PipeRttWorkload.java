package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The twin of CPython's {@code pipe_rtt}: a child echoes 32-byte messages on a Pipe; the
 * coordinator makes {@code warmup} round trips untimed, then times {@code rounds} of
 * them one by one.
 */
public final class PipeRttWorkload {
    static final int MESSAGE_BYTES = 32;

    private PipeRttWorkload() {
    }

    /** Round-trip times of one run, in microseconds. */
    public record Result(double medianMicros, double p99Micros, double minMicros, double meanMicros) {
    }

    /** Runs the workload in a fresh context made with {@code settings}. */
    public static Result run(Map<String, String> settings, int warmup, int rounds) {
        byte[] message = new byte[MESSAGE_BYTES];
        Arrays.fill(message, (byte) 'x');
        long[] samples = new long[rounds];
        try (Context mp = Context.create(settings)) {
            Pipe pipe = mp.pipe();
            Connection here = pipe.left();
            ChildProcess child = mp.process(Targets::echo, pipe.right(), warmup + rounds).name("echo").start();
            for (int i = 0; i < warmup; i++) {
                here.sendBytes(message);
                here.recvBytes();
            }
            for (int i = 0; i < rounds; i++) {
                long t = System.nanoTime();
                here.sendBytes(message);
                here.recvBytes();
                samples[i] = System.nanoTime() - t;
            }
            if (!child.join(Duration.ofSeconds(60))) {
                child.kill();
                throw new IllegalStateException("the echo child did not end");
            }
        }
        Arrays.sort(samples);
        double mean = Arrays.stream(samples).average().orElse(0);
        return new Result(samples[rounds / 2] / 1e3, samples[(int) (rounds * 0.99)] / 1e3, samples[0] / 1e3,
                mean / 1e3);
    }
}
