package io.ipc4j.benchmarks;

import io.ipc4j.Context;
import io.ipc4j.Held;
import io.ipc4j.IntValue;
import io.ipc4j.Lock;
import io.ipc4j.RLock;
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

import java.util.concurrent.TimeUnit;

/**
 * Uncontended costs of the shared-memory primitives in one process: a locked
 * read-modify-write of a Value (the {@code value_lock} loop body), a bare lock
 * acquire+release, an RLock acquire+release, and an atomic {@code getAndAdd}. The
 * two-process contended figure is {@code benchmarks/compare value_lock}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedLockBenchmark {
    private Context mp;
    private IntValue value;
    private Lock lock;
    private RLock rLock;

    @Setup(Level.Trial)
    public void open() {
        mp = Context.create();
        value = mp.intValue(0);
        lock = mp.lock();
        rLock = mp.rLock();
    }

    @Benchmark
    public int lockedIncrement() {
        try (Held held = value.lock().acquire()) {
            int v = value.get() + 1;
            value.set(v);
            return v;
        }
    }

    @Benchmark
    public void lockAcquireRelease() {
        lock.acquire();
        lock.release();
    }

    @Benchmark
    public void rLockAcquireRelease() {
        rLock.acquire();
        rLock.release();
    }

    @Benchmark
    public int atomicGetAndAdd() {
        return value.getAndAdd(1);
    }

    @TearDown(Level.Trial)
    public void close() {
        mp.close();
    }
}
