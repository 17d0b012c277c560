package io.ipc4j.benchmarks;

import io.ipc4j.Config;
import io.ipc4j.Context;
import io.ipc4j.Queue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What counting a Chronicle queue's backlog costs when the backlog spans several cycle files
 * (a file a second), as it does behind a slow consumer: {@code qsize()}, and a put into a
 * bounded queue, which counts the backlog each time. Nothing is taken, so the backlog only grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class ChronicleBacklog {
    /** Cycle files the backlog spans before the first measurement. */
    private static final int CYCLES = 5;

    private Context mp;
    private Queue<Integer> queue;
    private int next;

    @Setup(Level.Trial)
    public void fillSeveralCycles() throws InterruptedException {
        mp = Context.create(Map.of(Config.QUEUE, "chronicle"));
        queue = mp.queue(Integer.MAX_VALUE);
        for (int c = 0; c < CYCLES; c++) {
            for (int i = 0; i < 1000; i++) {
                queue.put(next++);
            }
            Thread.sleep(1100 - System.currentTimeMillis() % 1000); // into the next second's file
        }
    }

    @Benchmark
    public int qsize() {
        return queue.qsize();
    }

    @Benchmark
    public void boundedPut() {
        queue.put(next++);
    }

    @TearDown(Level.Trial)
    public void close() {
        mp.close();
    }
}
