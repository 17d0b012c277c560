package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Connection;
import io.ipc4j.Context;
import io.ipc4j.Pipe;
import io.ipc4j.Queue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Items per second from one producer child to a consumer in this JVM, in steady state.
 * The producer puts small Integers in batches of {@link #BATCH} on request; each
 * invocation asks for one more batch and then takes one batch, so the producer always
 * has a batch or two of work and the backlog stays bounded. One operation is one
 * {@code get}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueueThroughput {
    static final int BATCH = 10_000;
    private static final int BATCHES_AHEAD = 2;

    private Context mp;
    private Queue<Integer> queue;
    private Connection requests;
    private ChildProcess producer;

    @Setup(Level.Trial)
    public void startProducer() {
        mp = Context.create();
        queue = mp.queue();
        Pipe pipe = mp.pipe();
        requests = pipe.left();
        producer = mp.process(Targets::produceOnRequest, pipe.right(), queue).name("producer").start();
        for (int i = 0; i < BATCHES_AHEAD; i++) {
            requests.send(BATCH);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long takeBatch() {
        requests.send(BATCH);
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += queue.get();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void stopProducer() {
        requests.send(0);
        if (!producer.join(Duration.ofSeconds(30))) {
            producer.kill();
        }
        mp.close();
    }
}
