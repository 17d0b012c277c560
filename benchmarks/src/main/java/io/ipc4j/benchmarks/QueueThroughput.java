package io.ipc4j.benchmarks;

import io.ipc4j.ChildProcess;
import io.ipc4j.Config;
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
 * Items per second from one producer child to a consumer in this JVM, in steady state, on
 * each queue transport ({@link #queue}: the broker, or Chronicle queues in memory-mapped files).
 * The producer puts small Integers in batches of {@link #BATCH} on request; each
 * invocation asks for one more batch and then takes one batch, so the producer always
 * has a batch or two of work and the backlog stays bounded. One operation is one
 * {@code get}. With a {@link #maxsize} the queue is bounded, far above that backlog: each
 * put then counts the backlog, across the cycle files it spans on Chronicle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Chronicle's options (ChronicleJvmFlags), harmless for the broker; the children get them by themselves.
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class QueueThroughput {
    static final int BATCH = 10_000;
    private static final int BATCHES_AHEAD = 2;

    /** The queue transport, {@code ipc4j.queue}. */
    @Param({"broker", "chronicle"})
    public String queue;

    /** The queue's maxsize; 0 for none. */
    @Param({"0", "100000"})
    public int maxsize;

    private Context mp;
    private Queue<Integer> items;
    private Connection requests;
    private ChildProcess producer;

    @Setup(Level.Trial)
    public void startProducer() {
        mp = Context.create(Map.of(Config.QUEUE, queue));
        items = mp.queue(maxsize);
        Pipe pipe = mp.pipe();
        requests = pipe.left();
        producer = mp.process(Targets::produceOnRequest, pipe.right(), items).name("producer").start();
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
            sum += items.get();
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
