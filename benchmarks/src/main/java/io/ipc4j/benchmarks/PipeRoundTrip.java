package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Round trip of a 32-byte message over a Pipe between this JVM and a child JVM that
 * echoes it: one {@code sendBytes} and one {@code recvBytes} per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipeRoundTrip {

    @Param({"uds", "tcp"})
    public String channel;

    private final byte[] message = new byte[PipeRttWorkload.MESSAGE_BYTES];
    private Context mp;
    private Connection here;
    private ChildProcess echo;

    @Setup(Level.Trial)
    public void startEcho() {
        mp = Context.create(Map.of(Config.CHANNEL, channel));
        Pipe pipe = mp.pipe();
        here = pipe.left();
        echo = mp.process(Targets::echo, pipe.right(), -1).name("echo").start();
        here.sendBytes(message);
        here.recvBytes(Duration.ofSeconds(60));
    }

    @Benchmark
    public byte[] roundTrip() {
        here.sendBytes(message);
        return here.recvBytes();
    }

    @TearDown(Level.Trial)
    public void stopEcho() {
        here.close();
        if (!echo.join(Duration.ofSeconds(30))) {
            echo.kill();
        }
        mp.close();
    }
}
